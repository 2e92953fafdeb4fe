package org.essaim.testing;

import org.essaim.application.ApplicationState;
import org.essaim.application.OrganisationKind;
import org.essaim.db.tables.records.ApplicationRecord;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.APPLICATION_FLAG;

/**
 * Application rows written straight into the table, at chosen times and in chosen states, for tests that need a
 * known data set (the dashboard's counts, erasure after a period). Each row gets a unique slug, email and
 * tokens; {@link #deleteAll} removes the rows this instance made.
 */
public final class ApplicationRows {

    private final DSLContext db;
    private final long campaignId;
    private final List<Long> made = new ArrayList<>();

    public ApplicationRows(DSLContext db, long campaignId) {
        this.db = db;
        this.campaignId = campaignId;
    }

    /** A row as the form would leave it, submitted at {@code submittedAt}, still unconfirmed; the caller adjusts. */
    public ApplicationRecord draft(OffsetDateTime submittedAt) {
        String slug = ApplicationFixtures.uniqueSlug("row");
        String email = ApplicationFixtures.uniqueEmail("row");
        ApplicationRecord row = db.newRecord(APPLICATION);
        row.setCampaignId(campaignId);
        row.setState(ApplicationState.UNCONFIRMED);
        row.setLanguage("fr");
        row.setOrganisationName(ApplicationFixtures.uniqueName());
        row.setKind(OrganisationKind.ASSOCIATION);
        row.setOfficialIdentifier("W" + (100_000_000 + Math.floorMod(slug.hashCode(), 899_999_999)));
        row.setCountry("FR");
        row.setMainLanguage("fr");
        row.setPurpose("Un jardin partagé ; contact : Dominique Lefèvre, 06 12 34 56 78.");
        row.setMemberCount(24);
        row.setAnnualBudget(3_500L);
        row.setWhyNotPaid("Nos cotisations couvrent à peine les semences.");
        row.setSlug(slug);
        row.setContactName("Dominique Lefèvre");
        row.setContactEmail(email);
        row.setNameKey(row.getOrganisationName().toLowerCase());
        row.setEmailKey(email);
        row.setSearchText((row.getOrganisationName() + " " + slug + " " + email).toLowerCase());
        row.setSubmissionKey(UUID.randomUUID().toString());
        row.setSubmittedAt(submittedAt);
        row.setConfirmationTokenHash(token());
        return row;
    }

    /** Stores {@code row} and remembers it for {@link #deleteAll}. */
    public ApplicationRecord store(ApplicationRecord row) {
        row.store();
        made.add(row.getId());
        return row;
    }

    /** Submitted and confirmed at {@code confirmedAt}, due a review target of 30 days later. */
    public ApplicationRecord inReview(OffsetDateTime confirmedAt) {
        ApplicationRecord row = draft(confirmedAt.minusHours(1));
        row.setState(ApplicationState.IN_REVIEW);
        row.setConfirmedAt(confirmedAt);
        row.setReviewDueAt(confirmedAt.plusDays(30));
        row.setStatusTokenHash(token());
        return store(row);
    }

    /** Confirmed at {@code confirmedAt} (30 days to decide) and decided {@code outcome} at {@code decidedAt}. */
    public ApplicationRecord decided(ApplicationState outcome, OffsetDateTime confirmedAt, OffsetDateTime decidedAt) {
        ApplicationRecord row = draft(confirmedAt.minusHours(1));
        row.setState(outcome);
        row.setConfirmedAt(confirmedAt);
        row.setReviewDueAt(confirmedAt.plusDays(30));
        row.setStatusTokenHash(token());
        row.setDecidedAt(decidedAt);
        row.setDecidedBy("camille");
        row.setDecisionReason("Décision motivée au sujet de Dominique Lefèvre.");
        return store(row);
    }

    /** Ended without a decision ({@code WITHDRAWN} from review, or {@code EXPIRED} unconfirmed) at {@code endedAt}. */
    public ApplicationRecord ended(ApplicationState outcome, OffsetDateTime submittedAt, OffsetDateTime endedAt) {
        ApplicationRecord row = draft(submittedAt);
        row.setState(outcome);
        if (outcome == ApplicationState.WITHDRAWN) {
            row.setConfirmedAt(submittedAt.plusHours(1));
            row.setReviewDueAt(submittedAt.plusDays(30));
            row.setStatusTokenHash(token());
        }
        row.setEndedAt(endedAt);
        return store(row);
    }

    public ApplicationRecord with(ApplicationState state, OffsetDateTime submittedAt) {
        return switch (state) {
            case UNCONFIRMED -> store(draft(submittedAt));
            case IN_REVIEW -> inReview(submittedAt.plusHours(1));
            case APPROVED, REJECTED, DEFERRED -> decided(state, submittedAt.plusHours(1), submittedAt.plusDays(3));
            case WITHDRAWN, EXPIRED -> ended(state, submittedAt, submittedAt.plusDays(3));
        };
    }

    public void deleteAll() {
        // The review's flags (a job may have flagged these rows meanwhile) go with their application.
        db.deleteFrom(APPLICATION_FLAG)
                .where(APPLICATION_FLAG.APPLICATION_ID.in(made))
                .execute();
        db.deleteFrom(APPLICATION).where(APPLICATION.ID.in(made)).execute();
        made.clear();
    }

    private static String token() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
