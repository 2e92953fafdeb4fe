package org.essaim.application;

import java.time.OffsetDateTime;
import java.util.Set;

/** Everything an application says and where it stands, as staff see it. */
public record ApplicationDetails(
        long id,
        long campaignId,
        ApplicationState state,
        String language,
        String organisationName,
        OrganisationKind kind,
        String officialIdentifier,
        String country,
        String mainLanguage,
        String purpose,
        int memberCount,
        long annualBudget,
        String whyNotPaid,
        String slug,
        String contactName,
        String contactEmail,
        OffsetDateTime submittedAt,
        OffsetDateTime confirmedAt,
        OffsetDateTime reviewDueAt,
        String assignedTo,
        OffsetDateTime decidedAt,
        String decidedBy,
        String decisionReason,
        OffsetDateTime endedAt,
        Set<String> flags) {

    public String target() {
        return Applications.target(id);
    }
}
