package org.essaim.member.csv;

import jakarta.servlet.http.HttpServletRequest;
import org.essaim.ldap.Directory;
import org.essaim.space.SpaceRegistry;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/spaces/{slug}/members/import}: a CSV member list in the body; {@code ?dryRun=true} answers the
 * preview and writes nothing, otherwise the run's report. Kept apart from the space-admin console on purpose: until
 * space admins can sign in to the API, only staff may call it (anyone else gets 404, as for a space that is not
 * theirs), and the places left are the space's account limit less its active accounts; both change when the
 * console's sign-in and {@code Places} reservation are wired in.
 */
@RestController
class MemberImportApi {

    private final MemberImport memberImport;
    private final SpaceRegistry spaces;
    private final Directory directory;
    private final int accountLimit;

    MemberImportApi(MemberImport memberImport, SpaceRegistry spaces, Directory directory,
                    @Value("${essaim.members.account-limit:50}") int accountLimit) {
        this.memberImport = memberImport;
        this.spaces = spaces;
        this.directory = directory;
        this.accountLimit = accountLimit;
    }

    // Any content type is read as the file's bytes (text/csv is the one documented): a space that is not the
    // caller's must answer 404 whatever was sent, never 415 first.
    @PostMapping(path = "/api/v1/spaces/{slug}/members/import", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> importMembers(@PathVariable String slug,
                                      @RequestParam(defaultValue = "false") boolean dryRun,
                                      @RequestBody(required = false) byte[] csv, Authentication caller,
                                      HttpServletRequest request, Locale locale) {
        if (!isStaff(caller) || spaces.findBySlug(slug).isEmpty()) {
            throw new NotFoundException("space");
        }
        if (request.getContentLengthLong() > memberImport.limits().maxBytes()) {
            throw refused(new MemberListRefusedException("tooLarge", memberImport.limits().maxBytes() / 1024));
        }
        int placesLeft = Math.max(0, accountLimit - directory.members().countActive(slug));
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            if (dryRun) {
                ImportPlan plan = memberImport.preview(slug, csv == null ? new byte[0] : csv, placesLeft);
                answer.put("dryRun", true);
                answer.put("placesLeft", placesLeft);
                answer.put("fits", plan.fits());
                answer.put("rows", plan.rows().stream().map(row -> planned(row, locale)).toList());
            } else {
                MemberImport.RunReport report = memberImport.run(slug, csv == null ? new byte[0] : csv, placesLeft,
                        caller.getName());
                answer.put("dryRun", false);
                answer.put("runId", report.runId());
                answer.put("interrupted", report.interrupted());
                Map<String, Long> counts = new LinkedHashMap<>();
                for (MemberImport.Outcome outcome : MemberImport.Outcome.values()) {
                    counts.put(outcome.name().toLowerCase(Locale.ROOT), report.count(outcome));
                }
                answer.put("counts", counts);
                answer.put("rows", report.rows().stream().map(row -> reported(row, locale)).toList());
            }
        } catch (MemberListRefusedException refused) {
            throw refused(refused);
        }
        return answer;
    }

    private Map<String, Object> planned(ImportPlan.PlannedRow row, Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line", row.line());
        json.put("name", row.name());
        json.put("email", row.email());
        json.put("role", row.role() == null ? null : row.role().name().toLowerCase(Locale.ROOT));
        json.put("fate", row.fate().name().toLowerCase(Locale.ROOT));
        json.put("message", memberImport.fate(row, locale));
        return json;
    }

    private Map<String, Object> reported(MemberImport.ReportRow row, Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line", row.line());
        json.put("name", row.name());
        json.put("email", row.email());
        json.put("uid", row.uid());
        json.put("outcome", row.outcome().name().toLowerCase(Locale.ROOT));
        json.put("reason", row.problem() == null ? null : memberImport.reason(row.problem(), locale));
        return json;
    }

    private static InvalidInputException refused(MemberListRefusedException refused) {
        return new InvalidInputException(List.of(FieldProblem.of("file", refused.messageKey(), refused.arguments())));
    }

    private static boolean isStaff(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_STAFF"::equals);
    }
}
