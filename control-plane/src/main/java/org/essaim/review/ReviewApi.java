package org.essaim.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.essaim.application.ApplicationDetails;
import org.essaim.application.ApplicationState;
import org.essaim.application.Applications;
import org.essaim.application.QueuePage;
import org.essaim.campaign.Campaign;
import org.essaim.space.Space;
import org.essaim.web.JsonFields;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The review queue and decisions for staff, over HTTP Basic. */
@RestController
@RequestMapping("/api/v1/staff/applications")
@Tag(name = "Review", description = "The review queue and decisions (staff)")
@SecurityRequirement(name = "basic")
class ReviewApi {

    private final Applications applications;
    private final ReviewFile reviewFile;
    private final Decisions decisions;
    private final ReviewNotes notes;
    private final Assignments assignments;
    private final MessageSource messages;
    private final Clock clock;

    ReviewApi(
            Applications applications,
            ReviewFile reviewFile,
            Decisions decisions,
            ReviewNotes notes,
            Assignments assignments,
            MessageSource messages,
            Clock clock) {
        this.applications = applications;
        this.reviewFile = reviewFile;
        this.decisions = decisions;
        this.notes = notes;
        this.assignments = assignments;
        this.messages = messages;
        this.clock = clock;
    }

    record QueueItem(
            long id,
            String organisationName,
            String slug,
            String kind,
            String country,
            int memberCount,
            ApplicationState state,
            long campaignId,
            OffsetDateTime confirmedAt,
            OffsetDateTime reviewDueAt,

            @Schema(
                    description = "Whole days left on the 30-day target (rounded up); when overdue, minus the "
                            + "whole days late; null once decided")
            Long daysLeft,

            Boolean overdue,
            String assignedTo,
            OffsetDateTime decidedAt,
            List<String> flags) {}

    record Queue(
            List<QueueItem> items,
            int total,

            @Schema(description = "Pass as `after` for the next page; null on the last")
            String next,

            @Schema(description = "Pass as `before` for the previous page; null on the first")
            String previous) {}

    @GetMapping
    @Operation(
            summary = "The review queue, oldest confirmed first",
            description =
                    "Keyset pagination: follow `next` and `previous`. Without `state`, the applications in review.")
    @ApiResponse(responseCode = "200", description = "A page")
    @ApiResponse(
            responseCode = "400",
            description = "An invalid filter",
            content = @Content(mediaType = "application/problem+json"))
    Queue queue(
            @Parameter(description = "IN_REVIEW (default), DEFERRED, APPROVED, REJECTED, WITHDRAWN or ALL")
                    @RequestParam(required = false)
                    String state,
            @Parameter(description = "Campaign id") @RequestParam(required = false) String campaign,
            @Parameter(description = "A flag's name, ANY or NONE") @RequestParam(required = false) String flag,
            @Parameter(description = "A staff uid, or NONE") @RequestParam(required = false) String assignee,
            @Parameter(description = "Text in the name, slug, email or identifier") @RequestParam(required = false)
                    String q,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String before,
            @Parameter(description = "1 to 100, default 25") @RequestParam(required = false) String limit) {
        QueuePage page = applications.queue(
                new QueueParameters(state, campaign, flag, assignee, q, after, before, limit).toQuery());
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<QueueItem> items = page.items().stream()
                .map(item -> {
                    ReviewTime due = item.state() == ApplicationState.IN_REVIEW
                            ? ReviewTime.until(item.reviewDueAt(), now)
                            : null;
                    return new QueueItem(
                            item.id(),
                            item.organisationName(),
                            item.slug(),
                            item.kind().name(),
                            item.country(),
                            item.memberCount(),
                            item.state(),
                            item.campaignId(),
                            item.confirmedAt(),
                            item.reviewDueAt(),
                            due == null ? null : (due.overdue() ? -due.days() : due.days()),
                            due == null ? null : due.overdue(),
                            item.assignedTo(),
                            item.decidedAt(),
                            item.flags());
                })
                .toList();
        return new Queue(
                items,
                page.total(),
                page.next() == null ? null : page.next().toString(),
                page.previous() == null ? null : page.previous().toString());
    }

    record FlagView(String flag, String reason) {}

    record FileView(
            ApplicationDetails application,
            List<FlagView> flags,
            List<ReviewNotes.Note> notes,
            Campaign campaign,
            Space space,
            Long daysLeft,
            Boolean overdue) {}

    @GetMapping("/{id}")
    @Operation(summary = "Everything about one application: what was sent, flags with their reasons, notes, the space")
    @ApiResponse(responseCode = "200", description = "The application")
    @ApiResponse(
            responseCode = "404",
            description = "No such application",
            content = @Content(mediaType = "application/problem+json"))
    FileView application(@PathVariable long id, Locale locale) {
        return view(reviewFile.open(id), locale);
    }

    private FileView view(ReviewFile.File file, Locale locale) {
        List<FlagView> flags = file.flags().stream()
                .map(finding -> new FlagView(
                        finding.flag().name(),
                        messages.getMessage(finding.reasonKey(), finding.argumentArray(), locale)))
                .toList();
        ReviewTime due = file.due();
        return new FileView(
                file.application(),
                flags,
                file.notes(),
                file.campaign(),
                file.space(),
                due == null ? null : (due.overdue() ? -due.days() : due.days()),
                due == null ? null : due.overdue());
    }

    @Schema(name = "DecisionRequest")
    record DecisionRequest(
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"APPROVE", "REJECT", "DEFER"})
            String decision,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    minLength = 3,
                    maxLength = 2000,
                    description = "Sent to the applicant")
            String reason) {}

    @PostMapping("/{id}/decision")
    @Operation(
            summary = "Approve, reject or defer to the next campaign, with a reason",
            description =
                    "The applicant is emailed in the application's language; approval registers the space (PENDING).",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = DecisionRequest.class))))
    @ApiResponse(responseCode = "200", description = "Decided")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid fields",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "No such application",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "Already decided, not in review, or the address was taken since",
            content = @Content(mediaType = "application/problem+json"))
    FileView decide(@PathVariable long id, @RequestBody JsonNode body, Authentication staff, Locale locale) {
        Map<String, String> fields = JsonFields.read(body, List.of(Decisions.DECISION, Decisions.REASON));
        decisions.decide(id, fields.get(Decisions.DECISION), fields.get(Decisions.REASON), staff.getName());
        return view(reviewFile.open(id), locale);
    }

    @PostMapping("/{id}/notes")
    @Operation(
            summary = "Leave a note for other reviewers",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(example = "{\"body\": \"Called them: 12 members.\"}"))))
    @ApiResponse(responseCode = "201", description = "Stored")
    ResponseEntity<ReviewNotes.Note> addNote(@PathVariable long id, @RequestBody JsonNode body, Authentication staff) {
        Map<String, String> fields = JsonFields.read(body, List.of(ReviewNotes.BODY));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(notes.add(id, fields.get(ReviewNotes.BODY), staff.getName()));
    }

    @PutMapping("/{id}/assignee")
    @Operation(
            summary = "Assign to a reviewer (a staff uid), or to nobody (null)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(example = "{\"assignee\": \"camille\"}"))))
    FileView assign(@PathVariable long id, @RequestBody JsonNode body, Authentication staff, Locale locale) {
        Map<String, String> fields = JsonFields.read(body, List.of(Assignments.ASSIGNEE));
        assignments.assign(id, fields.get(Assignments.ASSIGNEE), staff.getName());
        return view(reviewFile.open(id), locale);
    }
}
