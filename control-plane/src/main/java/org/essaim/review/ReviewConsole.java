package org.essaim.review;

import org.essaim.application.ApplicationState;
import org.essaim.application.Applications;
import org.essaim.application.FormChoices;
import org.essaim.application.QueuePage;
import org.essaim.application.QueueQuery;
import org.essaim.campaign.Campaigns;
import org.essaim.ldap.StaffAccounts;
import org.essaim.space.SpaceSettings;
import org.essaim.web.ConflictException;
import org.essaim.web.FormErrors;
import org.essaim.web.InvalidInputException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** The staff's review console: the queue, one application's file, and what reviewers do on it. */
@Controller
class ReviewConsole {

    static final String QUEUE = "staff/applications";
    static final String FILE = "staff/application";

    private final Applications applications;
    private final ReviewFile reviewFile;
    private final Decisions decisions;
    private final ReviewNotes notes;
    private final Assignments assignments;
    private final Campaigns campaigns;
    private final StaffAccounts staffAccounts;
    private final FormChoices choices;
    private final SpaceSettings spaceSettings;
    private final Clock clock;

    ReviewConsole(
            Applications applications,
            ReviewFile reviewFile,
            Decisions decisions,
            ReviewNotes notes,
            Assignments assignments,
            Campaigns campaigns,
            StaffAccounts staffAccounts,
            FormChoices choices,
            SpaceSettings spaceSettings,
            Clock clock) {
        this.applications = applications;
        this.reviewFile = reviewFile;
        this.decisions = decisions;
        this.notes = notes;
        this.assignments = assignments;
        this.campaigns = campaigns;
        this.staffAccounts = staffAccounts;
        this.choices = choices;
        this.spaceSettings = spaceSettings;
        this.clock = clock;
    }

    /** A queue row with its time left. */
    record Row(QueuePage.Item item, ReviewTime due) {}

    @GetMapping("/staff/applications")
    String queue(@ModelAttribute("filters") QueueParameters filters, BindingResult errors, Model model) {
        QueueQuery query;
        try {
            query = filters.toQuery();
        } catch (InvalidInputException invalid) {
            errors.reject("review.error.filters");
            query = new QueueParameters(null, null, null, null, null, null, null, null).toQuery();
        }
        QueuePage page = applications.queue(query);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Row> rows = page.items().stream()
                .map(item -> new Row(
                        item,
                        item.state() == ApplicationState.IN_REVIEW ? ReviewTime.until(item.reviewDueAt(), now) : null))
                .toList();
        model.addAttribute("page", page);
        model.addAttribute("rows", rows);
        model.addAttribute("query", query);
        model.addAttribute("states", ApplicationState.values());
        model.addAttribute("flags", Flag.values());
        model.addAttribute("campaigns", campaigns.all());
        model.addAttribute("reviewers", staffAccounts.list());
        return QUEUE;
    }

    record AssignForm(String assignee) {}

    record NoteForm(String body) {}

    record DecisionForm(String decision, String reason) {}

    /** A refusal that is about the application's state, not a field: said at the top of the page. */
    private static void refused(Model model, ConflictException conflict) {
        model.addAttribute("refused", "problem." + conflict.code() + ".detail");
        model.addAttribute("refusedArguments", conflict.arguments());
    }

    @GetMapping("/staff/applications/{id}")
    String file(@PathVariable long id, Model model) {
        if (!model.containsAttribute("noteForm")) {
            model.addAttribute("noteForm", new NoteForm(""));
        }
        if (!model.containsAttribute("decisionForm")) {
            model.addAttribute("decisionForm", new DecisionForm("", ""));
        }
        ReviewFile.File file = reviewFile.open(id);
        if (!model.containsAttribute("assignForm")) {
            model.addAttribute("assignForm", new AssignForm(file.application().assignedTo()));
        }
        model.addAttribute("file", file);
        model.addAttribute("reviewers", staffAccounts.list());
        model.addAttribute("decisions", Decision.values());
        model.addAttribute("address", spaceSettings.address(file.application().slug()));
        model.addAttribute("choices", choices);
        return FILE;
    }

    @PostMapping("/staff/applications/{id}/assign")
    String assign(
            @PathVariable long id,
            @ModelAttribute("assignForm") AssignForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        try {
            assignments.assign(id, form.assignee(), staff.getName());
            redirect.addFlashAttribute("done", "review.done.assigned");
            return "redirect:/staff/applications/" + id;
        } catch (InvalidInputException invalid) {
            FormErrors.add(errors, invalid.problems(), Set.of(Assignments.ASSIGNEE));
        } catch (ConflictException conflict) {
            refused(model, conflict);
        }
        return file(id, model);
    }

    @PostMapping("/staff/applications/{id}/notes")
    String addNote(
            @PathVariable long id,
            @ModelAttribute("noteForm") NoteForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        try {
            notes.add(id, form.body(), staff.getName());
            redirect.addFlashAttribute("done", "review.done.noted");
            return "redirect:/staff/applications/" + id + "#notes";
        } catch (InvalidInputException invalid) {
            FormErrors.add(errors, invalid.problems(), Set.of(ReviewNotes.BODY));
        }
        return file(id, model);
    }

    @PostMapping("/staff/applications/{id}/decision")
    String decide(
            @PathVariable long id,
            @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        try {
            decisions.decide(id, form.decision(), form.reason(), staff.getName());
            redirect.addFlashAttribute("done", "review.done.decided");
            return "redirect:/staff/applications/" + id;
        } catch (InvalidInputException invalid) {
            FormErrors.add(errors, invalid.problems(), Set.of(Decisions.DECISION, Decisions.REASON));
        } catch (ConflictException conflict) {
            refused(model, conflict);
        }
        return file(id, model);
    }
}
