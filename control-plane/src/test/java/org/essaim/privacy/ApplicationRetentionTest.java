package org.essaim.privacy;

import org.essaim.application.ApplicationState;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.audit.AuditWords;
import org.essaim.campaign.Campaigns;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.security.SecretToken;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.ApplicationRows;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.essaim.web.RateLimit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.APPLICATION_FLAG;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.CAMPAIGN_SUBSCRIBER;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.RATE_LIMIT_WINDOW;
import static org.essaim.db.Tables.REVIEW_NOTE;

/**
 * Rejected, withdrawn and expired applications lose their personal data once ended longer ago than the retention
 * (90 days here, set like a deployment would), with every copy: notes, flags, audit details, delivered emails,
 * old subscriptions, per-hour counts. What statistics need stays; approved and deferred applications are untouched;
 * each erasure is audited without the data.
 */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.bootstrap.staff-password=" + ApplicationRetentionTest.PASSWORD,
            "essaim.dashboard.capacity-target=2500",
            "essaim.privacy.application-retention=90d"
        })
class ApplicationRetentionTest {

    // The same settings as DashboardTest, so both run in one application context.
    static final String PASSWORD = "dashboard-and-privacy-test-7Pw";

    @LocalServerPort
    int port;

    @Autowired
    AuditWords words;

    @Autowired
    DSLContext db;

    @Autowired
    Campaigns campaigns;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationRetention retention;

    @Autowired
    AuditLog auditLog;

    @Autowired
    RateLimit rateLimit;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Scheduler scheduler;

    private ApplicationRows rows;
    private final List<String> emails = new ArrayList<>();
    private OffsetDateTime now;
    private String marker;

    @BeforeEach
    void setUp() {
        rows = new ApplicationRows(
                db, ApplicationFixtures.openFreshCampaign(campaigns, null).id());
        now = OffsetDateTime.now(clock);
        marker = "Marker-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        db.deleteFrom(REVIEW_NOTE).where(REVIEW_NOTE.BODY.contains(marker)).execute();
        db.deleteFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.RECIPIENT.in(emails)).execute();
        db.deleteFrom(CAMPAIGN_SUBSCRIBER)
                .where(CAMPAIGN_SUBSCRIBER.EMAIL.in(emails))
                .execute();
        rows.deleteAll();
    }

    @Test
    void aRejectedApplicationPastTheRetentionLosesItsPersonalDataAndEveryCopy() {
        ApplicationRecord rejected =
                application(rows.decided(ApplicationState.REJECTED, now.minusDays(130), now.minusDays(100))
                        .getId());
        String email = rejected.getContactEmail();
        String target = "application:" + rejected.getId();
        transaction.executeWithoutResult(tx -> {
            db.insertInto(APPLICATION_FLAG)
                    .set(APPLICATION_FLAG.APPLICATION_ID, rejected.getId())
                    .set(APPLICATION_FLAG.FLAG, "SAME_EMAIL")
                    .execute();
            db.insertInto(REVIEW_NOTE)
                    .set(REVIEW_NOTE.APPLICATION_ID, rejected.getId())
                    .set(REVIEW_NOTE.AUTHOR, "camille")
                    .set(REVIEW_NOTE.WRITTEN_AT, now.minusDays(110))
                    .set(REVIEW_NOTE.BODY, "Called Dominique Lefèvre " + marker)
                    .execute();
            auditLog.record("camille", AuditAction.APPLICATION_NOTE_ADDED, target, null);
            auditLog.record("camille", AuditAction.APPLICATION_ASSIGNED, target, "to camille");
            auditLog.record(
                    "camille", AuditAction.APPLICATION_REJECTED, target, "Dominique Lefèvre runs a shop " + marker);
        });
        long sent = mail(email, now.minusDays(125), true);
        long logged = mail(email, now.minusDays(100), false);
        long waiting = mail(email, now.minusDays(100), null);
        long newer = mail(email, now.minusDays(5), true);
        subscribe(email.toUpperCase(), now.minusDays(200));
        String otherEmail = ApplicationFixtures.uniqueEmail("other");
        subscribe(otherEmail, now.minusDays(200));
        rateLimit.allow("apply-email", rejected.getEmailKey(), 10);

        retention.eraseDue();

        ApplicationRecord after = application(rejected.getId());
        assertThat(after.getOrganisationName()).isEmpty();
        assertThat(after.getContactName()).isEmpty();
        assertThat(after.getContactEmail()).isEmpty();
        assertThat(after.getEmailKey()).isEmpty();
        assertThat(after.getNameKey()).isEmpty();
        assertThat(after.getSearchText()).isEmpty();
        assertThat(after.getPurpose()).isEmpty();
        assertThat(after.getWhyNotPaid()).isEmpty();
        assertThat(after.getSlug()).isEmpty();
        assertThat(after.getOfficialIdentifier()).isNull();
        assertThat(after.getDecisionReason()).isNull();
        assertThat(after.getSubmissionKey()).isNull();
        assertThat(after.getStatusTokenHash()).isNull();
        assertThat(after.getConfirmationTokenHash()).isNotEqualTo(rejected.getConfirmationTokenHash());
        assertThat(after.getErasedAt()).isNotNull();
        // What statistics and the dashboard need stays.
        assertThat(after.getState()).isEqualTo(ApplicationState.REJECTED);
        assertThat(after.getKind()).isEqualTo(rejected.getKind());
        assertThat(after.getCountry()).isEqualTo(rejected.getCountry());
        assertThat(after.getLanguage()).isEqualTo(rejected.getLanguage());
        assertThat(after.getMemberCount()).isEqualTo(rejected.getMemberCount());
        assertThat(after.getAnnualBudget()).isEqualTo(rejected.getAnnualBudget());
        assertThat(after.getCampaignId()).isEqualTo(rejected.getCampaignId());
        assertThat(after.getSubmittedAt()).isEqualTo(rejected.getSubmittedAt());
        assertThat(after.getConfirmedAt()).isEqualTo(rejected.getConfirmedAt());
        assertThat(after.getReviewDueAt()).isEqualTo(rejected.getReviewDueAt());
        assertThat(after.getDecidedAt()).isEqualTo(rejected.getDecidedAt());
        assertThat(after.getDecidedBy()).isEqualTo("camille");

        assertThat(db.fetchCount(APPLICATION_FLAG, APPLICATION_FLAG.APPLICATION_ID.eq(rejected.getId())))
                .isZero();
        assertThat(db.fetchCount(REVIEW_NOTE, REVIEW_NOTE.APPLICATION_ID.eq(rejected.getId())))
                .isZero();
        // The audit log keeps what happened, not the data.
        assertThat(db.select(AUDIT_EVENT.ACTION)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.TARGET.eq(target))
                        .orderBy(AUDIT_EVENT.ID)
                        .fetch(AUDIT_EVENT.ACTION))
                .containsExactly(
                        "application.note-added", "application.assigned", "application.rejected", "application.erased");
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.DETAIL.contains(marker)))
                .isZero();
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.DETAIL.contains(email)))
                .isZero();
        assertThat(db.selectFrom(AUDIT_EVENT)
                        .where(AUDIT_EVENT.TARGET.eq(target))
                        .and(AUDIT_EVENT.ACTION.eq("application.erased"))
                        .fetchSingle())
                .satisfies(erasure -> {
                    assertThat(erasure.getActor()).isEqualTo(AuditLog.SYSTEM_ACTOR);
                    assertThat(words.detail(AuditLog.event(erasure), Locale.ENGLISH))
                            .isEqualTo("retention 90 days");
                    assertThat(words.detail(AuditLog.event(erasure), Locale.FRENCH))
                            .isEqualTo("conservation 90 jours");
                });
        // Delivered emails of that time go; one still waiting, and a newer one, stay.
        assertThat(db.select(MAIL_OUTBOX.ID)
                        .from(MAIL_OUTBOX)
                        .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                        .fetch(MAIL_OUTBOX.ID))
                .doesNotContain(sent, logged)
                .containsExactlyInAnyOrder(waiting, newer);
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(email.toUpperCase())))
                .isZero();
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(otherEmail)))
                .isEqualTo(1);
        assertThat(db.fetchCount(
                        RATE_LIMIT_WINDOW,
                        RATE_LIMIT_WINDOW.BUCKET.eq("apply-email:"
                                + SecretToken.hash(rejected.getEmailKey()).substring(0, 40))))
                .isZero();

        // A second run finds nothing more to do about it.
        retention.eraseDue();
        assertThat(db.fetchCount(
                        AUDIT_EVENT, AUDIT_EVENT.TARGET.eq(target).and(AUDIT_EVENT.ACTION.eq("application.erased"))))
                .isEqualTo(1);
    }

    @Test
    void onlyEndedApplicationsPastThePeriodAreErasedAndApprovedOnesKeepTheirData() {
        ApplicationRecord withdrawn = rows.ended(ApplicationState.WITHDRAWN, now.minusDays(150), now.minusDays(91));
        ApplicationRecord expired = rows.ended(ApplicationState.EXPIRED, now.minusDays(127), now.minusDays(120));
        ApplicationRecord recentlyRejected =
                rows.decided(ApplicationState.REJECTED, now.minusDays(100), now.minusDays(85));
        ApplicationRecord approved = rows.decided(ApplicationState.APPROVED, now.minusDays(500), now.minusDays(400));
        ApplicationRecord deferred = rows.decided(ApplicationState.DEFERRED, now.minusDays(500), now.minusDays(400));
        ApplicationRecord inReview = rows.inReview(now.minusDays(400));
        List<ApplicationRecord> before = List.of(
                application(recentlyRejected.getId()),
                application(approved.getId()),
                application(deferred.getId()),
                application(inReview.getId()));

        retention.eraseDue();

        assertThat(application(withdrawn.getId()).getErasedAt()).isNotNull();
        assertThat(application(withdrawn.getId()).getContactEmail()).isEmpty();
        assertThat(application(expired.getId()).getErasedAt()).isNotNull();
        assertThat(application(expired.getId()).getOrganisationName()).isEmpty();
        for (ApplicationRecord kept : before) {
            assertThat(application(kept.getId())).as(kept.getState().name()).isEqualTo(kept);
        }

        // Six days later the recently rejected one is past 90 days too; approved ones never go.
        clock.advance(Duration.ofDays(6));
        retention.eraseDue();
        assertThat(application(recentlyRejected.getId()).getErasedAt()).isNotNull();
        assertThat(application(recentlyRejected.getId()).getContactName()).isEmpty();
        assertThat(application(recentlyRejected.getId()).getDecidedAt())
                .isEqualTo(before.getFirst().getDecidedAt());
        for (ApplicationRecord kept : before.subList(1, before.size())) {
            assertThat(application(kept.getId())).as(kept.getState().name()).isEqualTo(kept);
        }
    }

    @Test
    void staffSeeThatAnApplicationWasErasedWithoutItsData() {
        ApplicationRecord rejected = rows.decided(ApplicationState.REJECTED, now.minusDays(130), now.minusDays(100));
        retention.eraseDue();

        WebClient staff = new WebClient(port);
        staff.signIn("admin", PASSWORD);
        String english = staff.get("/staff/applications/" + rejected.getId() + "?lang=en")
                .body();
        assertThat(english)
                .contains("(personal data erased)", "Personal data of an ended application erased")
                .doesNotContain(rejected.getOrganisationName(), rejected.getContactEmail(), rejected.getContactName());
        String french = staff.get("/staff/applications/" + rejected.getId() + "?lang=fr")
                .body();
        assertThat(french)
                .contains(
                        "(données personnelles effacées)", "Données personnelles d’une candidature terminée effacées");
        String queue = staff.get("/staff/applications?state=REJECTED&lang=en").body();
        assertThat(queue).doesNotContain(rejected.getOrganisationName());
    }

    @Test
    void theErasureRunsAsAClusteredJobAtTheConfiguredInterval() throws Exception {
        assertThat(scheduler
                        .getJobDetail(JobKey.jobKey(PrivacySchedule.JOB, PrivacySchedule.GROUP))
                        .getJobClass())
                .isEqualTo(ApplicationErasureJob.class);
        assertThat(((SimpleTrigger)
                                scheduler.getTrigger(TriggerKey.triggerKey(PrivacySchedule.JOB, PrivacySchedule.GROUP)))
                        .getRepeatInterval())
                .isEqualTo(Duration.ofHours(6).toMillis());
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
    }

    private ApplicationRecord application(long id) {
        return db.selectFrom(APPLICATION).where(APPLICATION.ID.eq(id)).fetchSingle();
    }

    /** A message to {@code recipient}: delivered by SMTP (true), printed to the log (false), or waiting (null). */
    private long mail(String recipient, OffsetDateTime createdAt, Boolean sent) {
        emails.add(recipient);
        return db.insertInto(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.CREATED_AT, createdAt)
                .set(MAIL_OUTBOX.RECIPIENT, recipient)
                .set(MAIL_OUTBOX.LOCALE, "fr")
                .set(MAIL_OUTBOX.TEMPLATE, "application-rejected")
                .set(MAIL_OUTBOX.SUBJECT, "Votre candidature " + marker)
                .set(MAIL_OUTBOX.BODY, "")
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, sent == null ? createdAt.plusYears(50) : createdAt)
                .set(MAIL_OUTBOX.SENT_AT, Boolean.TRUE.equals(sent) ? createdAt : null)
                .set(MAIL_OUTBOX.LOGGED_AT, Boolean.FALSE.equals(sent) ? createdAt : null)
                .returning(MAIL_OUTBOX.ID)
                .fetchOne(MAIL_OUTBOX.ID);
    }

    private void subscribe(String email, OffsetDateTime at) {
        emails.add(email);
        db.insertInto(CAMPAIGN_SUBSCRIBER)
                .set(CAMPAIGN_SUBSCRIBER.EMAIL, email)
                .set(CAMPAIGN_SUBSCRIBER.LANGUAGE, "fr")
                .set(CAMPAIGN_SUBSCRIBER.SUBSCRIBED_AT, at)
                .set(
                        CAMPAIGN_SUBSCRIBER.UNSUBSCRIBE_TOKEN_HASH,
                        SecretToken.generate().hash())
                .execute();
    }
}
