package org.essaim.application;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.campaign.Campaign;
import org.essaim.campaign.CampaignOpened;
import org.essaim.campaign.Campaigns;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.space.Resemblance;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.NotFoundException;
import org.essaim.web.PublicLinks;
import org.essaim.web.RateLimit;
import org.essaim.web.TooManyRequestsException;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.APPLICATION;

/**
 * The applicant's side: submitting (while a campaign is open), confirming the email address (within 7 days, while
 * the campaign still has room), following the application through the private status link, withdrawing it. Each
 * step's email is written to the outbox in the step's transaction.
 */
@Service
public class ApplicationIntake {

    static final String CONFIRM_MAIL = "application-confirm";
    static final String RECEIVED_MAIL = "application-received";
    static final String WITHDRAWN_MAIL = "application-withdrawn";
    public static final String APPLICANT_ACTOR = "applicant";

    private final DSLContext db;
    private final Clock clock;
    private final Campaigns campaigns;
    private final SpaceRegistry spaces;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final RateLimit rateLimit;
    private final PublicLinks links;
    private final SpaceSettings spaceSettings;
    private final ApplicationSettings settings;
    private final ApplicationEventPublisher events;

    ApplicationIntake(
            DSLContext db,
            Clock clock,
            Campaigns campaigns,
            SpaceRegistry spaces,
            Outbox outbox,
            AuditLog auditLog,
            RateLimit rateLimit,
            PublicLinks links,
            SpaceSettings spaceSettings,
            ApplicationSettings settings,
            ApplicationEventPublisher events) {
        this.db = db;
        this.clock = clock;
        this.campaigns = campaigns;
        this.spaces = spaces;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.rateLimit = rateLimit;
        this.links = links;
        this.spaceSettings = spaceSettings;
        this.settings = settings;
        this.events = events;
    }

    public record Submitted(long id, ApplicationState state, String contactEmail) {}

    static final String ADDRESS_COUNT = "apply-address";
    static final String EMAIL_COUNT = "apply-email";

    /**
     * Counts one attempt from a client address that stored nothing (invalid, refused, a bot); refuses when the
     * address made too many this hour. Attempts that store an application are counted by {@link #submit}.
     */
    public void countAttempt(String clientAddress) {
        if (!rateLimit.allow(ADDRESS_COUNT, clientAddress, settings.attemptsPerAddressPerHour())) {
            throw new TooManyRequestsException();
        }
    }

    /** {@link #submit(ValidApplication, Locale, String, String)} with no client address to count. */
    @Transactional
    public Submitted submit(ValidApplication application, Locale language, String submissionKey) {
        return submit(application, language, submissionKey, null);
    }

    /**
     * Stores an application and sends the confirmation email, in one transaction. Refused (409, nothing stored)
     * when no campaign is open, when the address is taken by a space or a live application, or when this form
     * was already sent ({@code submissionKey}); 429 when the client address or the contact address sent too many
     * this hour. The attempt is counted in the same transaction (one statement for both counts): a refusal rolls
     * the count back, so callers count refused attempts with {@link #countAttempt}.
     */
    @Transactional
    public Submitted submit(ValidApplication application, Locale language, String submissionKey, String clientAddress) {
        Campaign campaign = campaigns.current().orElseThrow(() -> new ConflictException("no-open-campaign"));
        if (submissionKey != null) {
            Optional<String> earlier = db.select(APPLICATION.CONTACT_EMAIL)
                    .from(APPLICATION)
                    .where(APPLICATION.SUBMISSION_KEY.eq(submissionKey))
                    .fetchOptional(APPLICATION.CONTACT_EMAIL);
            if (earlier.isPresent()) {
                throw new ConflictException("duplicate-submission", earlier.get());
            }
        }
        if (spaces.isSlugTaken(application.slug())) {
            throw slugTaken(application.slug());
        }
        String emailKey = Resemblance.emailKey(application.contactEmail());
        List<RateLimit.Count> counts = new ArrayList<>();
        counts.add(new RateLimit.Count(EMAIL_COUNT, emailKey, settings.applicationsPerEmailPerHour()));
        if (clientAddress != null) {
            counts.add(new RateLimit.Count(ADDRESS_COUNT, clientAddress, settings.attemptsPerAddressPerHour()));
        }
        if (!rateLimit.allow(counts)) {
            throw new TooManyRequestsException();
        }
        SecretToken confirmation = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        ApplicationRecord record = db.newRecord(APPLICATION);
        record.setCampaignId(campaign.id());
        record.setState(ApplicationState.UNCONFIRMED);
        record.setLanguage(language.getLanguage());
        record.setOrganisationName(application.organisationName());
        record.setKind(application.kind());
        record.setOfficialIdentifier(application.officialIdentifier());
        record.setCountry(application.country());
        record.setMainLanguage(application.mainLanguage());
        record.setPurpose(application.purpose());
        record.setMemberCount(application.memberCount());
        record.setAnnualBudget(application.annualBudget());
        record.setWhyNotPaid(application.whyNotPaid());
        record.setSlug(application.slug());
        record.setContactName(application.contactName());
        record.setContactEmail(application.contactEmail());
        record.setNameKey(Resemblance.nameKey(application.organisationName()));
        record.setEmailKey(emailKey);
        record.setSearchText(searchText(application));
        record.setSubmissionKey(submissionKey);
        record.setSubmittedAt(now);
        record.setConfirmationTokenHash(confirmation.hash());
        try {
            record.store();
        } catch (DuplicateKeyException raced) {
            // Two requests for one address (or one form) at the same moment: the unique indexes keep one.
            if (submissionKey != null
                    && raced.getMessage() != null
                    && raced.getMessage().contains("application_submission_key")) {
                throw new ConflictException("duplicate-submission", application.contactEmail());
            }
            throw slugTaken(application.slug());
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("organisation", application.organisationName());
        variables.put("address", spaceSettings.address(application.slug()));
        variables.put("link", links.to("/apply/confirm/" + confirmation.value()));
        variables.put("days", settings.confirmationValidity().toDays());
        outbox.enqueue(application.contactEmail(), language, CONFIRM_MAIL, variables);
        // The file's history starts here, as the applicant did it (their address stays out of the log's detail).
        auditLog.record(APPLICANT_ACTOR, AuditAction.APPLICATION_SUBMITTED, Applications.target(record.getId()), null);
        return new Submitted(record.getId(), ApplicationState.UNCONFIRMED, application.contactEmail());
    }

    private static ConflictException slugTaken(String slug) {
        return new ConflictException(
                "slug-taken", List.of(FieldProblem.of(ApplicationDraft.SLUG, "slug.taken", slug)), slug);
    }

    static String searchText(ValidApplication application) {
        String text = String.join(
                " ",
                application.organisationName(),
                application.slug(),
                application.contactEmail(),
                application.officialIdentifier() == null ? "" : application.officialIdentifier());
        String folded = Resemblance.fold(text);
        return folded.length() <= 800 ? folded : folded.substring(0, 800);
    }

    /** What a confirmation link leads to, before anything is done. */
    public enum ConfirmationState {
        /** Can be confirmed now. */
        READY,
        /** Already confirmed (the link was used before): the status link was sent by email. */
        ALREADY_CONFIRMED,
        /** Not confirmed within the validity, or the application ended otherwise. */
        EXPIRED,
        /** The campaign closed or filled up before the confirmation. */
        CAMPAIGN_CLOSED
    }

    public record Confirmation(
            ConfirmationState state,
            String organisationName,
            String contactEmail,
            OffsetDateTime expiresAt,
            String statusToken) {}

    /** Reads what a confirmation link is about; empty for a link that is not ours. Changes nothing. */
    public Optional<Confirmation> confirmation(String token) {
        return findByConfirmation(token, false)
                .map(record -> new Confirmation(
                        confirmationState(record),
                        record.getOrganisationName(),
                        record.getContactEmail(),
                        expiresAt(record),
                        null));
    }

    private ConfirmationState confirmationState(ApplicationRecord record) {
        ApplicationState state = record.getState();
        if (record.getConfirmedAt() != null) {
            return ConfirmationState.ALREADY_CONFIRMED;
        }
        if (state != ApplicationState.UNCONFIRMED || !OffsetDateTime.now(clock).isBefore(expiresAt(record))) {
            return ConfirmationState.EXPIRED;
        }
        Optional<Campaign> campaign = campaigns.findOptional(record.getCampaignId());
        if (campaign.isEmpty() || !campaign.get().open() || campaign.get().full()) {
            return ConfirmationState.CAMPAIGN_CLOSED;
        }
        return ConfirmationState.READY;
    }

    private OffsetDateTime expiresAt(ApplicationRecord record) {
        return record.getSubmittedAt().plus(settings.confirmationValidity());
    }

    /**
     * Confirms the email address: the application takes a place in its campaign and enters the review queue, and
     * the applicant is sent the private status link. A link used twice, expired, or whose campaign closed changes
     * nothing and says why; the returned state is READY only when this call confirmed it.
     */
    @Transactional
    public Confirmation confirm(String token) {
        ApplicationRecord record = findByConfirmation(token, true).orElseThrow(() -> new NotFoundException("link"));
        ConfirmationState state = confirmationState(record);
        if (state == ConfirmationState.READY
                && !campaigns.admit(record.getCampaignId()).admitted()) {
            state = ConfirmationState.CAMPAIGN_CLOSED;
        }
        if (state != ConfirmationState.READY) {
            return new Confirmation(
                    state, record.getOrganisationName(), record.getContactEmail(), expiresAt(record), null);
        }
        SecretToken status = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        record.setState(ApplicationState.IN_REVIEW);
        record.setConfirmedAt(now);
        record.setReviewDueAt(now.plus(settings.reviewTarget()));
        record.setStatusTokenHash(status.hash());
        record.update();
        auditLog.record(APPLICANT_ACTOR, AuditAction.APPLICATION_CONFIRMED, Applications.target(record.getId()), null);
        events.publishEvent(new ApplicationConfirmed(record.getId()));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("organisation", record.getOrganisationName());
        variables.put("link", links.to("/apply/status/" + status.value()));
        variables.put("days", settings.reviewTarget().toDays());
        outbox.enqueue(record.getContactEmail(), Locale.forLanguageTag(record.getLanguage()), RECEIVED_MAIL, variables);
        return new Confirmation(
                ConfirmationState.READY,
                record.getOrganisationName(),
                record.getContactEmail(),
                expiresAt(record),
                status.value());
    }

    private Optional<ApplicationRecord> findByConfirmation(String token, boolean lock) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        var select = db.selectFrom(APPLICATION).where(APPLICATION.CONFIRMATION_TOKEN_HASH.eq(SecretToken.hash(token)));
        return lock ? select.forUpdate().fetchOptional() : select.fetchOptional();
    }

    /** What the applicant sees through the private status link. */
    public record Status(
            long id,
            String organisationName,
            String slug,
            String address,
            ApplicationState state,
            OffsetDateTime submittedAt,
            OffsetDateTime confirmedAt,
            OffsetDateTime reviewDueAt,
            OffsetDateTime decidedAt,
            String decisionReason,
            OffsetDateTime endedAt) {

        public boolean withdrawable() {
            return state.withdrawable();
        }
    }

    public Optional<Status> status(String token) {
        return findByStatus(token, false).map(this::status);
    }

    private Status status(ApplicationRecord r) {
        ApplicationState state = r.getState();
        return new Status(
                r.getId(),
                r.getOrganisationName(),
                r.getSlug(),
                spaceSettings.address(r.getSlug()),
                state,
                r.getSubmittedAt(),
                r.getConfirmedAt(),
                r.getReviewDueAt(),
                r.getDecidedAt(),
                state.decided() ? r.getDecisionReason() : null,
                r.getEndedAt());
    }

    /** The applicant withdraws: only while in review or deferred; anything else changes nothing (409). */
    @Transactional
    public Status withdraw(String token) {
        ApplicationRecord record = findByStatus(token, true).orElseThrow(() -> new NotFoundException("link"));
        if (!record.getState().withdrawable()) {
            throw new ConflictException("application-not-withdrawable");
        }
        record.setState(ApplicationState.WITHDRAWN);
        record.setEndedAt(OffsetDateTime.now(clock));
        record.update();
        auditLog.record(APPLICANT_ACTOR, AuditAction.APPLICATION_WITHDRAWN, Applications.target(record.getId()), null);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("organisation", record.getOrganisationName());
        outbox.enqueue(
                record.getContactEmail(), Locale.forLanguageTag(record.getLanguage()), WITHDRAWN_MAIL, variables);
        return status(record);
    }

    private Optional<ApplicationRecord> findByStatus(String token, boolean lock) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        var select = db.selectFrom(APPLICATION).where(APPLICATION.STATUS_TOKEN_HASH.eq(SecretToken.hash(token)));
        return lock ? select.forUpdate().fetchOptional() : select.fetchOptional();
    }

    /** Unconfirmed applications older than the confirmation validity expire and free their address. */
    @Transactional
    public int expireUnconfirmed() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.update(APPLICATION)
                .set(APPLICATION.STATE, ApplicationState.EXPIRED)
                .set(APPLICATION.ENDED_AT, now)
                .where(APPLICATION.STATE.eq(ApplicationState.UNCONFIRMED))
                .and(APPLICATION.SUBMITTED_AT.le(now.minus(settings.confirmationValidity())))
                .execute();
    }

    /**
     * When a campaign opens, deferred applications go back to the queue in it, with a fresh review target. They do
     * not take places of its cap: the cap limits new entries through the form.
     */
    @EventListener
    void onCampaignOpened(CampaignOpened opened) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Long> requeued = db.update(APPLICATION)
                .set(APPLICATION.STATE, ApplicationState.IN_REVIEW)
                .set(APPLICATION.CAMPAIGN_ID, opened.campaignId())
                .set(APPLICATION.REVIEW_DUE_AT, now.plus(settings.reviewTarget()))
                .setNull(APPLICATION.DECIDED_AT)
                .setNull(APPLICATION.DECIDED_BY)
                .setNull(APPLICATION.DECISION_REASON)
                .where(APPLICATION.STATE.eq(ApplicationState.DEFERRED))
                .returning(APPLICATION.ID)
                .fetch(APPLICATION.ID);
        for (Long id : requeued) {
            auditLog.record(
                    AuditLog.SYSTEM_ACTOR,
                    AuditAction.APPLICATION_REQUEUED,
                    Applications.target(id),
                    AuditDetail.APPLICATION_REQUEUED,
                    opened.campaignId());
        }
    }
}
