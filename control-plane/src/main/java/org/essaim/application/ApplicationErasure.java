package org.essaim.application;

import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.security.SecretToken;
import org.essaim.web.RateLimit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.APPLICATION_FLAG;

/**
 * Erases the personal data of ended applications: rejected, withdrawn and expired ones. The row stays with what
 * statistics and the dashboard need (dates, outcome, kind, country, size, campaign, who decided); the names,
 * addresses, identifier, free texts, desired address, flags and the applicant's links go. Approved
 * applications are never erased: they name the referent of a space. Deferred ones are still waiting.
 */
@Service
public class ApplicationErasure {

    /** The states whose applications are erased once ended long enough ago. */
    public static final Set<ApplicationState> ERASABLE =
            EnumSet.of(ApplicationState.REJECTED, ApplicationState.WITHDRAWN, ApplicationState.EXPIRED);

    private final DSLContext db;
    private final Clock clock;
    private final RateLimit rateLimit;

    ApplicationErasure(DSLContext db, Clock clock, RateLimit rateLimit) {
        this.db = db;
        this.clock = clock;
        this.rateLimit = rateLimit;
    }

    /** What an erasure removed that other features may hold copies of, keyed by the applicant's address. */
    public record Erased(long id, ApplicationState state, String contactEmail, OffsetDateTime endedAt) {

        public String target() {
            return Applications.target(id);
        }
    }

    /** When an application ended: withdrawn or expired at {@code ended_at}, rejected at its decision. */
    private static Field<OffsetDateTime> endedAt() {
        return DSL.coalesce(APPLICATION.ENDED_AT, APPLICATION.DECIDED_AT);
    }

    private static Condition erasable(OffsetDateTime endedBefore) {
        return APPLICATION
                .ERASED_AT
                .isNull()
                .and(APPLICATION.STATE.in(ERASABLE))
                .and(endedAt().lt(endedBefore));
    }

    /** Up to {@code limit} applications ended before {@code endedBefore} and not erased yet, oldest end first. */
    public List<Long> due(OffsetDateTime endedBefore, int limit) {
        return db.select(APPLICATION.ID)
                .from(APPLICATION)
                .where(erasable(endedBefore))
                .orderBy(endedAt(), APPLICATION.ID)
                .limit(limit)
                .fetch(APPLICATION.ID);
    }

    /**
     * Erases one application's personal data in the caller's transaction, if it is still due (a concurrent run, or
     * a change of state, may have come first: then nothing happens and the result is empty). Its per-hour count
     * of applications from the contact address goes too.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Erased> erase(long id, OffsetDateTime endedBefore) {
        Optional<ApplicationRecord> found = db.selectFrom(APPLICATION)
                .where(APPLICATION.ID.eq(id))
                .and(erasable(endedBefore))
                .forUpdate()
                .skipLocked()
                .fetchOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApplicationRecord application = found.get();
        Erased erased = new Erased(
                id,
                application.getState(),
                application.getContactEmail(),
                application.getEndedAt() != null ? application.getEndedAt() : application.getDecidedAt());
        rateLimit.forget(ApplicationIntake.EMAIL_COUNT, application.getEmailKey());
        application.setOrganisationName("");
        application.setOfficialIdentifier(null);
        application.setPurpose("");
        application.setWhyNotPaid("");
        application.setSlug("");
        application.setContactName("");
        application.setContactEmail("");
        application.setNameKey("");
        application.setEmailKey("");
        application.setSearchText("");
        application.setSubmissionKey(null);
        application.setStatusTokenHash(null);
        // The confirmation link stops working too: its hash is replaced by one of a token nobody holds.
        application.setConfirmationTokenHash(SecretToken.generate().hash());
        application.setDecisionReason(null);
        application.setErasedAt(OffsetDateTime.now(clock));
        application.update();
        db.deleteFrom(APPLICATION_FLAG)
                .where(APPLICATION_FLAG.APPLICATION_ID.eq(id))
                .execute();
        return Optional.of(erased);
    }
}
