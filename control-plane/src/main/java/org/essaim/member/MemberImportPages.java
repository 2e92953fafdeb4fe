package org.essaim.member;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.essaim.member.csv.ImportPlan;
import org.essaim.member.csv.MemberImport;
import org.essaim.member.csv.MemberListRefusedException;
import org.essaim.member.csv.MemberRole;
import org.essaim.member.csv.RunInProgressException;
import org.essaim.security.SpaceAccount;
import org.essaim.space.LiveSpaces;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.jooq.exception.NoDataFoundException;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The admins' CSV import in the console: {@code /spaces/{slug}/import} shows the places left and takes a file; the
 * preview lists each row's fate (nothing is written); "Import these N people" runs it; the result page says which
 * rows were created and which were not and why, and after a run the directory interrupted, offers to run it again
 * (the engine completes what the first run left, without duplicates).
 *
 * <p>Between the preview and the confirmation the file stays on the server, in the admin's HTTP session, under a
 * random id the confirmation form carries: the browser never sends the file back, so what runs is what was
 * previewed, and a forged id finds nothing. One file per session (a new upload replaces it), at most the import's
 * size limit (2 MB); it is dropped once a run finishes every row, or with the session. The run plans again from the
 * directory as it is then, so rows whose fate changed since the preview get their new fate.
 */
@Controller
class MemberImportPages {

    static final String IMPORT = "members/import";
    static final String PREVIEW = "members/import-preview";
    static final String RESULT = "members/import-result";
    private static final String PENDING = MemberImportPages.class.getName() + ".pending";
    private static final Set<MemberImport.Outcome> UNFINISHED = MemberImport.UNFINISHED;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The uploaded file kept between preview and confirmation. */
    record PendingFile(String id, String slug, String fileName, byte[] content) implements Serializable {
    }

    /** A row as the pages show it: its state (fate or outcome) and the message saying it in the reader's language. */
    record RowView(int line, String name, String email, String role, String state, String message, boolean refused,
                   boolean overLimit) {
    }

    private final LiveSpaces spaces;
    private final SpaceAccess access;
    private final Places places;
    private final MemberImport memberImport;
    private final MessageSource messages;

    MemberImportPages(LiveSpaces spaces, SpaceAccess access, Places places, MemberImport memberImport,
                      MessageSource messages) {
        this.spaces = spaces;
        this.access = access;
        this.places = places;
        this.memberImport = memberImport;
        this.messages = messages;
    }

    @GetMapping("/spaces/{slug}/import")
    String form(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        model.addAttribute("space", spaces.require(slug));
        model.addAttribute("placesLeft", places.left(slug));
        model.addAttribute("maxKb", memberImport.limits().maxBytes() / 1024);
        return IMPORT;
    }

    @PostMapping("/spaces/{slug}/import")
    String preview(@PathVariable String slug, @RequestParam(name = "file", required = false) MultipartFile file,
                   Authentication authentication, HttpSession session, Locale locale, Model model,
                   HttpServletResponse response) {
        access.admin(authentication, slug);
        try {
            byte[] content = read(file);
            int placesLeft = places.left(slug);
            ImportPlan plan = memberImport.preview(slug, content, placesLeft);
            PendingFile pending = new PendingFile(newId(), slug, file.getOriginalFilename(), content);
            session.setAttribute(PENDING, pending);
            model.addAttribute("space", spaces.require(slug));
            model.addAttribute("pending", pending);
            model.addAttribute("placesLeft", placesLeft);
            model.addAttribute("fits", plan.fits());
            model.addAttribute("toImport", plan.count(ImportPlan.Fate.CREATE) + plan.count(ImportPlan.Fate.COMPLETE));
            model.addAttribute("toCreate", plan.count(ImportPlan.Fate.CREATE));
            // The people an earlier run already created: imported too, so the sentence counts them as the button does.
            model.addAttribute("toComplete", plan.count(ImportPlan.Fate.COMPLETE));
            model.addAttribute("refused", plan.count(ImportPlan.Fate.REFUSED));
            List<RowView> rows = plan.rows().stream().map(row -> view(row, locale)).toList();
            model.addAttribute("asked", plan.count(ImportPlan.Fate.CREATE) + rows.stream().filter(RowView::overLimit).count());
            model.addAttribute("rows", rows);
            return PREVIEW;
        } catch (MemberListRefusedException refused) {
            SpaceAdminConsole.refused(model, new InvalidInputException(
                    List.of(FieldProblem.of("file", refused.messageKey(), refused.arguments()))), response);
            return form(slug, authentication, model);
        }
    }

    @PostMapping("/spaces/{slug}/import/{id}")
    String run(@PathVariable String slug, @PathVariable String id, Authentication authentication, HttpSession session,
               Model model, HttpServletResponse response, RedirectAttributes redirect) {
        SpaceAccount admin = access.admin(authentication, slug);
        PendingFile pending = pending(session, slug);
        if (pending == null || !pending.id().equals(id)) {
            SpaceAdminConsole.refused(model, new InvalidInputException(
                    List.of(FieldProblem.of("file", "memberimport.page.expired"))), response);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return form(slug, authentication, model);
        }
        MemberImport.RunReport report = memberImport.run(slug, pending.content(), places.left(slug), admin.getName());
        if (!report.interrupted() && report.rows().stream().noneMatch(row -> UNFINISHED.contains(row.outcome()))) {
            session.removeAttribute(PENDING);
        }
        return "redirect:/spaces/" + slug + "/import/runs/" + report.runId();
    }

    /**
     * Finishes a run that was cut, from its page, with what the database recorded of it (the file is not needed: it
     * may have been lost with the application); 409 with the run's page while it is still going.
     */
    @PostMapping("/spaces/{slug}/import/runs/{runId}/finish")
    String finish(@PathVariable String slug, @PathVariable String runId, Authentication authentication,
                  HttpSession session, Locale locale, Model model, HttpServletResponse response) {
        SpaceAccount admin = access.admin(authentication, slug);
        long id = runOf(slug, runId).runId();
        try {
            memberImport.resume(slug, id, admin.getName());
        } catch (RunInProgressException running) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("stillRunning", true);
            return result(slug, runId, authentication, session, locale, model);
        }
        return "redirect:/spaces/" + slug + "/import/runs/" + id;
    }

    private MemberImport.RunReport runOf(String slug, String runId) {
        MemberImport.RunReport report;
        try {
            if (!runId.matches("[0-9]{1,18}")) {
                throw new NotFoundException("run");
            }
            report = memberImport.report(Long.parseLong(runId));
        } catch (NoDataFoundException e) {
            throw new NotFoundException("run");
        }
        if (!report.slug().equals(slug)) {
            throw new NotFoundException("run");
        }
        return report;
    }

    @GetMapping("/spaces/{slug}/import/runs/{runId}")
    String result(@PathVariable String slug, @PathVariable String runId, Authentication authentication,
                  HttpSession session, Locale locale, Model model) {
        // The id is read after the access check: another space's address answers 404 whatever follows it.
        access.admin(authentication, slug);
        MemberImport.RunReport report = runOf(slug, runId);
        boolean unfinished = report.rows().stream().anyMatch(row -> UNFINISHED.contains(row.outcome()));
        model.addAttribute("space", spaces.require(slug));
        model.addAttribute("report", report);
        model.addAttribute("unfinished", unfinished || report.interrupted());
        model.addAttribute("pending", unfinished || report.interrupted() ? pending(session, slug) : null);
        model.addAttribute("created", report.count(MemberImport.Outcome.CREATED)
                + report.count(MemberImport.Outcome.COMPLETED));
        model.addAttribute("notCreated", report.rows().size() - report.count(MemberImport.Outcome.CREATED)
                - report.count(MemberImport.Outcome.COMPLETED) - report.count(MemberImport.Outcome.UNCHANGED));
        model.addAttribute("unchanged", report.count(MemberImport.Outcome.UNCHANGED));
        model.addAttribute("placesLeft", places.left(slug));
        model.addAttribute("rows", report.rows().stream().map(row -> view(row, locale)).toList());
        return RESULT;
    }

    private byte[] read(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw new MemberListRefusedException("empty");
        }
        if (file.getSize() > memberImport.limits().maxBytes()) {
            throw new MemberListRefusedException("tooLarge", memberImport.limits().maxBytes() / 1024);
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PendingFile pending(HttpSession session, String slug) {
        return session.getAttribute(PENDING) instanceof PendingFile pending && pending.slug().equals(slug)
                ? pending : null;
    }

    private RowView view(ImportPlan.PlannedRow row, Locale locale) {
        boolean over = row.problem() != null && row.problem().code().equals("memberimport.row.overLimit");
        return new RowView(row.line(), row.name(), row.email(), role(row.role(), locale), row.fate().name(),
                memberImport.fate(row, locale), row.fate() == ImportPlan.Fate.REFUSED, over);
    }

    private RowView view(MemberImport.ReportRow row, Locale locale) {
        boolean over = row.problem() != null && row.problem().code().equals("memberimport.row.overLimit");
        String outcome = messages.getMessage("memberimport.outcome." + row.outcome().name(), null, locale);
        String message = row.problem() == null ? outcome : outcome + " — " + memberImport.reason(row.problem(), locale);
        boolean refused = row.outcome() != MemberImport.Outcome.CREATED && row.outcome() != MemberImport.Outcome.COMPLETED
                && row.outcome() != MemberImport.Outcome.UNCHANGED;
        return new RowView(row.line(), row.name(), row.email(), role(row.role(), locale), row.outcome().name(),
                message, refused, over);
    }

    private String role(MemberRole role, Locale locale) {
        return role == null ? "" : messages.getMessage("memberimport.role." + role.name(), null, locale);
    }

    private static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
