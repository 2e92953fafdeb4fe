package org.essaim.review;

import org.essaim.application.ApplicationDetails;
import org.essaim.application.Applications;
import org.essaim.audit.AuditLog;
import org.essaim.mail.Outbox;
import org.essaim.space.NewSpace;
import org.essaim.space.SlugTakenException;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.PlainText;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A reviewer's decision, in one transaction: the application's new state, the space record when approved, the
 * email to the applicant in the application's language, the audit entry. Any refusal (already decided, address
 * taken since) rolls all of it back.
 */
@Service
public class Decisions {

    public static final String DECISION = "decision";
    public static final String REASON = "reason";

    private final Applications applications;
    private final SpaceRegistry spaces;
    private final SpaceSettings spaceSettings;
    private final Outbox outbox;
    private final AuditLog auditLog;

    Decisions(
            Applications applications,
            SpaceRegistry spaces,
            SpaceSettings spaceSettings,
            Outbox outbox,
            AuditLog auditLog) {
        this.applications = applications;
        this.spaces = spaces;
        this.spaceSettings = spaceSettings;
        this.outbox = outbox;
        this.auditLog = auditLog;
    }

    @Transactional
    public ApplicationDetails decide(long id, String rawDecision, String rawReason, String reviewer) {
        List<FieldProblem> problems = new ArrayList<>();
        Decision decision = parse(rawDecision, problems);
        String reason = PlainText.paragraph(REASON, rawReason, true, 3, 2000, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ApplicationDetails decided = applications.decide(id, decision.outcome(), reason, reviewer);
        if (decision == Decision.APPROVE && !SpaceSlug.isValid(decided.slug())) {
            // Rolls the decision back: the Space resource would be refused and the space stay pending for ever.
            throw new ConflictException(
                    "slug-invalid", decided.slug(), String.join("; ", SpaceSlug.problems(decided.slug())));
        }
        if (decision == Decision.APPROVE) {
            try {
                spaces.register(
                        new NewSpace(
                                decided.slug(),
                                decided.organisationName(),
                                decided.mainLanguage(),
                                decided.contactName(),
                                decided.contactEmail(),
                                decided.officialIdentifier(),
                                decided.id()),
                        reviewer);
            } catch (SlugTakenException taken) {
                throw new ConflictException("slug-taken-since", decided.slug());
            }
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("organisation", decided.organisationName());
        variables.put("reason", reason);
        variables.put("address", spaceSettings.address(decided.slug()));
        outbox.enqueue(
                decided.contactEmail(), Locale.forLanguageTag(decided.language()), decision.mailTemplate(), variables);
        auditLog.record(reviewer, decision.auditAction(), decided.target(), reason);
        return decided;
    }

    private static Decision parse(String raw, List<FieldProblem> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add(FieldProblem.of(DECISION, "input.required"));
            return null;
        }
        for (Decision decision : Decision.values()) {
            if (decision.name().equals(raw.strip())) {
                return decision;
            }
        }
        problems.add(FieldProblem.of(DECISION, "input.choice"));
        return null;
    }
}
