package org.essaim.campaign;

import org.assertj.core.api.Assertions;
import org.essaim.application.ApplicationIntake;
import org.essaim.application.ApplicationRules;
import org.essaim.application.ApplicationState;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.essaim.web.ConflictException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * A campaign with a cap closes by itself exactly at the cap, even when many applicants confirm at the same moment:
 * 32 confirmations race for 10 places through the real pages, and exactly 10 enter the queue.
 */
@EssaimTest
class CampaignCapTest {

    private static final int APPLICANTS = 32;
    private static final int CAP = 10;

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    ApplicationIntake intake;

    @Autowired
    ApplicationRules rules;

    @Autowired
    DSLContext db;

    @Test
    void thirtyTwoSimultaneousConfirmationsFillATenPlaceCampaignExactly() throws Exception {
        Campaign campaign = ApplicationFixtures.openFreshCampaign(campaigns, CAP);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < APPLICANTS; i++) {
            String email = ApplicationFixtures.uniqueEmail("rush-" + i);
            intake.submit(
                    rules.validate(ApplicationFixtures.validDraft(ApplicationFixtures.uniqueSlug("rush"), email)),
                    Locale.FRENCH,
                    null);
            emails.add(email);
        }
        // Each applicant has the confirmation page open, with its button and CSRF token; then all press at once.
        List<WebClient> browsers = new ArrayList<>();
        List<Map<String, String>> forms = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String email : emails) {
            WebClient browser = new WebClient(port);
            String path = "/apply/confirm/" + ApplicationFixtures.confirmationToken(db, email);
            forms.add(Map.of("_csrf", WebClient.csrfToken(browser.get(path).body())));
            browsers.add(browser);
            paths.add(path);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(APPLICANTS);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < APPLICANTS; i++) {
                int applicant = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return browsers.get(applicant).postForm(paths.get(applicant), forms.get(applicant));
                }));
            }
            start.countDown();
            int confirmed = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 302) {
                    confirmed++;
                } else {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("La campagne s’est fermée");
                    refused++;
                }
            }
            assertThat(confirmed).isEqualTo(CAP);
            assertThat(refused).isEqualTo(APPLICANTS - CAP);
        } finally {
            pool.shutdownNow();
        }

        assertThat(db.fetchCount(
                        APPLICATION,
                        APPLICATION.CONTACT_EMAIL.in(emails).and(APPLICATION.STATE.eq(ApplicationState.IN_REVIEW))))
                .isEqualTo(CAP);
        assertThat(db.fetchCount(
                        APPLICATION,
                        APPLICATION.CONTACT_EMAIL.in(emails).and(APPLICATION.STATE.eq(ApplicationState.UNCONFIRMED))))
                .isEqualTo(APPLICANTS - CAP);
        assertThat(db.fetchCount(
                        MAIL_OUTBOX,
                        MAIL_OUTBOX.RECIPIENT.in(emails).and(MAIL_OUTBOX.TEMPLATE.eq("application-received"))))
                .as("one status link per admitted application, none for the others")
                .isEqualTo(CAP);
        Campaign full = campaigns.find(campaign.id());
        assertThat(full.confirmedCount()).isEqualTo(CAP);
        assertThat(full.state()).isEqualTo(CampaignState.CLOSED);
        assertThat(full.closedReason()).isEqualTo(Campaign.CLOSED_AT_CAP);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("campaign.filled")
                                .and(AUDIT_EVENT.TARGET.eq("campaign:" + campaign.id()))))
                .isEqualTo(1);

        // The form closed by itself: the page says so and the API refuses.
        WebClient visitor = new WebClient(port);
        assertThat(visitor.get("/apply", "Accept-Language", "en").body())
                .contains("Applications are closed for now")
                .doesNotContain("name=\"organisationName\"");
        HttpResponse<String> late = visitor.postJson(
                "/api/v1/applications",
                ApplicationFixtures.validJson(
                        ApplicationFixtures.uniqueSlug("late"), ApplicationFixtures.uniqueEmail("late")));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("https://essaim.org/problems/no-open-campaign");
    }

    @Test
    void aCampaignFullAtItsCapCannotBeOpenedAgain() {
        Campaign campaign = ApplicationFixtures.openFreshCampaign(campaigns, 1);
        String email = ApplicationFixtures.uniqueEmail("one");
        intake.submit(
                rules.validate(ApplicationFixtures.validDraft(ApplicationFixtures.uniqueSlug("one"), email)),
                Locale.ENGLISH,
                null);
        intake.confirm(ApplicationFixtures.confirmationToken(db, email));
        assertThat(campaigns.find(campaign.id()).state()).isEqualTo(CampaignState.CLOSED);

        assertThat(Assertions.catchThrowableOfType(
                                ConflictException.class, () -> campaigns.open(campaign.id(), "admin"))
                        .code())
                .isEqualTo("campaign-full");
        assertThat(campaigns.find(campaign.id()).state()).isEqualTo(CampaignState.CLOSED);
    }
}
