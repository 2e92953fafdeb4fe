package org.essaim.application;

import org.essaim.campaign.Campaign;
import org.essaim.campaign.Campaigns;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.testing.ApplicationFixtures.confirmationToken;
import static org.essaim.testing.ApplicationFixtures.mailCount;
import static org.essaim.testing.ApplicationFixtures.statusToken;
import static org.essaim.testing.ApplicationFixtures.uniqueEmail;
import static org.essaim.testing.ApplicationFixtures.uniqueSlug;
import static org.essaim.testing.ApplicationFixtures.validForm;

/** After the form: the confirmation link (once, within 7 days, while the campaign has room) and the status page. */
@EssaimTest
class ConfirmationAndStatusTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationIntake intake;

    private Campaign campaign;

    @BeforeEach
    void openCampaign() {
        campaign = ApplicationFixtures.openFreshCampaign(campaigns, 50);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void confirmingPutsTheApplicationInTheQueueAndSendsThePrivateStatusLink() {
        String email = apply("fr");
        WebClient browser = new WebClient(port);
        String token = confirmationToken(db, email);

        String question = browser.get("/apply/confirm/" + token).body();
        assertThat(question).contains("Confirmez que " + email + " est bien votre adresse");
        assertThat(application(email).getState())
                .as("opening the link changes nothing")
                .isEqualTo(ApplicationState.UNCONFIRMED);

        HttpResponse<String> confirmed = browser.submit("/apply/confirm/" + token, "/apply/confirm/" + token, Map.of());

        assertThat(confirmed.statusCode()).isEqualTo(302);
        String location = confirmed.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/apply/status/[A-Za-z0-9_-]{43}\\?confirmed");
        ApplicationRecord record = application(email);
        assertThat(record.getState()).isEqualTo(ApplicationState.IN_REVIEW);
        assertThat(record.getConfirmedAt()).isNotNull();
        assertThat(Duration.between(record.getConfirmedAt(), record.getReviewDueAt()))
                .isEqualTo(Duration.ofDays(30));
        assertThat(campaigns.find(campaign.id()).confirmedCount()).isEqualTo(1);
        String statusToken = statusToken(db, email);
        assertThat(location).contains(statusToken);
        assertThat(record.getStatusTokenHash()).hasSize(64).isNotEqualTo(statusToken);
        // The file's history starts with what the applicant did, in order, by the applicant.
        assertThat(db.select(AUDIT_EVENT.ACTION)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.TARGET.eq("application:" + record.getId()))
                        .and(AUDIT_EVENT.ACTOR.eq("applicant"))
                        .orderBy(AUDIT_EVENT.ID)
                        .fetch(AUDIT_EVENT.ACTION))
                .containsExactly("application.submitted", "application.confirmed");

        String status = browser.get("/apply/status/" + statusToken).body();
        assertThat(status)
                .contains("En cours d’examen")
                .contains(record.getSlug() + ".essaim.local")
                .contains("Retirer la candidature");
    }

    @Test
    void aConfirmationLinkUsedTwiceSaysSoAndChangesNothing() {
        String email = apply("en");
        String token = confirmationToken(db, email);
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=en");
        browser.submit("/apply/confirm/" + token, "/apply/confirm/" + token, Map.of());
        ApplicationRecord before = application(email);

        // The page no longer offers the button; a second post (a reload, a kept tab) is refused all the same.
        HttpResponse<String> again = browser.postForm(
                "/apply/confirm/" + token,
                Map.of("_csrf", WebClient.csrfToken(browser.get("/apply").body())));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("This address is already confirmed");
        assertThat(browser.get("/apply/confirm/" + token).body())
                .contains("This address is already confirmed")
                .doesNotContain("Confirm my address</button>");
        assertThat(application(email)).isEqualTo(before);
        assertThat(mailCount(db, email, "application-received")).isEqualTo(1);
        assertThat(campaigns.find(campaign.id()).confirmedCount()).isEqualTo(1);
    }

    @Test
    void aLinkOlderThanSevenDaysHasExpiredAndChangesNothing() {
        String email = apply("fr");
        String token = confirmationToken(db, email);
        WebClient browser = new WebClient(port);
        String page = browser.get("/apply/confirm/" + token).body();

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        HttpResponse<String> late =
                browser.postForm("/apply/confirm/" + token, Map.of("_csrf", WebClient.csrfToken(page)));

        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.body()).contains("Ce lien a expiré");
        assertThat(application(email).getState()).isEqualTo(ApplicationState.UNCONFIRMED);
        assertThat(application(email).getConfirmedAt()).isNull();
        assertThat(mailCount(db, email, "application-received")).isZero();
        assertThat(campaigns.find(campaign.id()).confirmedCount()).isZero();
    }

    @Test
    void aLinkUsedJustBeforeSevenDaysStillWorks() {
        String email = apply("fr");
        clock.advance(Duration.ofDays(7).minusMinutes(1));

        assertThat(intake.confirm(confirmationToken(db, email)).state())
                .isEqualTo(ApplicationIntake.ConfirmationState.READY);
    }

    @Test
    void unconfirmedApplicationsExpireAfterSevenDaysAndFreeTheirAddress() {
        String email = apply("fr");
        String slug = application(email).getSlug();
        WebClient browser = new WebClient(port);
        assertThat(browser.get("/api/v1/slug-availability?slug=" + slug).body()).contains("\"available\":false");

        clock.advance(Duration.ofDays(6));
        intake.expireUnconfirmed();
        assertThat(application(email).getState()).isEqualTo(ApplicationState.UNCONFIRMED);

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(intake.expireUnconfirmed()).isPositive();
        assertThat(application(email).getState()).isEqualTo(ApplicationState.EXPIRED);
        assertThat(application(email).getEndedAt()).isNotNull();
        assertThat(browser.get("/api/v1/slug-availability?slug=" + slug).body()).contains("\"available\":true");
    }

    @Test
    void aLinkThatIsNotOursIsNotFound() {
        WebClient browser = new WebClient(port);
        assertThat(browser.get("/apply/confirm/" + "A".repeat(43)).statusCode()).isEqualTo(404);
        assertThat(browser.get("/apply/confirm/not-a-token").statusCode()).isEqualTo(404);
        assertThat(browser.get("/apply/status/" + "B".repeat(43)).statusCode()).isEqualTo(404);
        assertThat(browser.get("/apply/confirm/%3Cscript%3E").body()).doesNotContain("<script>");
    }

    @Test
    void theApplicantWithdrawsThroughTheStatusPageOnceAndIsToldByEmail() {
        String email = apply("en");
        String token = confirmationToken(db, email);
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=en");
        browser.submit("/apply/confirm/" + token, "/apply/confirm/" + token, Map.of());
        String status = "/apply/status/" + statusToken(db, email);

        String unticked = browser.submit(status, status + "/withdraw", Map.of()).body();
        assertThat(unticked).contains("Tick the box to confirm");
        assertThat(application(email).getState()).isEqualTo(ApplicationState.IN_REVIEW);

        HttpResponse<String> withdrawn = browser.submit(status, status + "/withdraw", Map.of("confirm", "yes"));
        assertThat(withdrawn.statusCode()).isEqualTo(302);
        assertThat(withdrawn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(status + "?withdrawn"));
        assertThat(browser.get(status + "?withdrawn").body())
                .contains("Your application is withdrawn")
                .contains("<strong>Withdrawn</strong>")
                .doesNotContain("Withdraw the application</button>");
        assertThat(application(email).getState()).isEqualTo(ApplicationState.WITHDRAWN);
        assertThat(mailCount(db, email, "application-withdrawn")).isEqualTo(1);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("application.withdrawn")
                                .and(AUDIT_EVENT.TARGET.eq(
                                        "application:" + application(email).getId()))))
                .isEqualTo(1);

        HttpResponse<String> again = browser.postForm(
                status + "/withdraw",
                Map.of(
                        "confirm",
                        "yes",
                        "_csrf",
                        WebClient.csrfToken(browser.get("/apply").body())));
        assertThat(again.body()).contains("cannot be withdrawn any more");
        assertThat(mailCount(db, email, "application-withdrawn")).isEqualTo(1);
    }

    @Test
    void aConfirmationAfterTheCampaignClosedIsRefusedAndChangesNothing() {
        String email = apply("fr");
        campaigns.close(campaign.id(), ApplicationFixtures.TEST_ACTOR);

        ApplicationIntake.Confirmation refused = intake.confirm(confirmationToken(db, email));

        assertThat(refused.state()).isEqualTo(ApplicationIntake.ConfirmationState.CAMPAIGN_CLOSED);
        assertThat(application(email).getState()).isEqualTo(ApplicationState.UNCONFIRMED);
        assertThat(campaigns.find(campaign.id()).confirmedCount()).isZero();
        assertThat(new WebClient(port)
                        .get("/apply/confirm/" + confirmationToken(db, email), "Accept-Language", "fr")
                        .body())
                .contains("La campagne s’est fermée");
    }

    private String apply(String language) {
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=" + language);
        String email = uniqueEmail("confirm");
        assertThat(browser.submit("/apply", "/apply", validForm(uniqueSlug("confirm"), email))
                        .statusCode())
                .isEqualTo(302);
        return email;
    }

    private ApplicationRecord application(String email) {
        return db.selectFrom(APPLICATION)
                .where(APPLICATION.CONTACT_EMAIL.eq(email))
                .fetchSingle();
    }
}
