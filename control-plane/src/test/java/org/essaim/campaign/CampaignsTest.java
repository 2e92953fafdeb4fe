package org.essaim.campaign;

import org.essaim.application.ApplicationState;
import org.essaim.review.Decisions;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.CAMPAIGN;
import static org.essaim.db.Tables.CAMPAIGN_SUBSCRIBER;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.testing.ApplicationFixtures.mailCount;
import static org.essaim.testing.ApplicationFixtures.uniqueEmail;

/** Campaigns as staff run them (pages and API), and the list of people waiting for the next one. */
@EssaimTest
class CampaignsTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    ReviewDesk desk;

    @Autowired
    DSLContext db;

    @Autowired
    Decisions decisions;

    @Test
    void staffCreateOpenAndCloseACampaignFromTheConsoleAndEachStepIsAudited() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        WebClient staff = desk.signedInAdmin("en");
        String name = "Spring " + UUID.randomUUID().toString().substring(0, 6);

        HttpResponse<String> created = staff.submit(
                "/staff/campaigns",
                "/staff/campaigns",
                Map.of(
                        "name",
                        name,
                        "plannedOpening",
                        LocalDate.now().plusDays(10).toString(),
                        "cap",
                        "25"));
        assertThat(created.statusCode()).isEqualTo(302);
        long id = db.select(CAMPAIGN.ID)
                .from(CAMPAIGN)
                .where(CAMPAIGN.NAME.eq(name))
                .fetchSingle(CAMPAIGN.ID);
        assertThat(staff.get("/staff/campaigns").body())
                .contains("The campaign «" + name + "» is created.")
                .contains("<td>" + name + "</td>")
                .contains("0 of 25");

        assertThat(staff.submit("/staff/campaigns", "/staff/campaigns/" + id + "/open", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(campaigns.find(id).state()).isEqualTo(CampaignState.OPEN);
        assertThat(staff.get("/staff/campaigns").body()).contains("The campaign «" + name + "» is open");
        assertThat(new WebClient(port).get("/apply", "Accept-Language", "en").body())
                .contains("The campaign «" + name + "» is open.")
                .contains("25 places are left.");

        assertThat(staff.submit("/staff/campaigns", "/staff/campaigns/" + id + "/close", Map.of("confirmed", "true"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(campaigns.find(id).state()).isEqualTo(CampaignState.CLOSED);
        assertThat(campaigns.find(id).closedReason()).isEqualTo(Campaign.CLOSED_BY_STAFF);

        assertThat(db.select(AUDIT_EVENT.ACTION)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.TARGET.eq("campaign:" + id))
                        .and(AUDIT_EVENT.ACTOR.eq("admin"))
                        .orderBy(AUDIT_EVENT.ID)
                        .fetch(AUDIT_EVENT.ACTION))
                .containsExactly("campaign.created", "campaign.opened", "campaign.closed");
    }

    @Test
    void anInvalidCampaignIsExplainedOnEachFieldAndNothingIsCreated() {
        WebClient staff = desk.signedInAdmin("fr");
        int before = db.fetchCount(CAMPAIGN);

        String page = staff.submit(
                        "/staff/campaigns",
                        "/staff/campaigns",
                        Map.of("name", "<b>x</b>", "plannedOpening", "demain", "cap", "0"))
                .body();

        assertThat(page)
                .contains("Écrivez du texte simple")
                .contains("Saisissez une date sous la forme année-mois-jour")
                .contains("Saisissez un nombre entre 1 et 100")
                .contains("&lt;b&gt;x&lt;/b&gt;");
        assertThat(db.fetchCount(CAMPAIGN)).isEqualTo(before);
    }

    @Test
    void onlyOneCampaignIsOpenAtATime() {
        Campaign open = desk.openCampaign();
        Campaign other = campaigns.create("Other " + System.nanoTime(), null, null, "admin");
        WebClient staff = desk.signedInAdmin("en");

        staff.submit("/staff/campaigns", "/staff/campaigns/" + other.id() + "/open", Map.of());

        assertThat(staff.get("/staff/campaigns").body()).contains("Another campaign is open: close it first.");
        assertThat(campaigns.find(other.id()).state()).isEqualTo(CampaignState.PLANNED);
        assertThat(campaigns.current()).map(Campaign::id).contains(open.id());
    }

    @Test
    void theCampaignApiListsCreatesOpensAndClosesWithTheRightStatusCodes() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        WebClient api = new WebClient(port);
        String[] staff = desk.asAdmin();
        String[] staffEnglish = concat(staff, "Accept-Language", "en");

        HttpResponse<String> created = api.postJson(
                "/api/v1/staff/campaigns",
                "{\"name\": \"API campaign\", \"plannedOpening\": \""
                        + LocalDate.now().plusDays(3) + "\", \"cap\": 3}",
                staff);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"state\":\"PLANNED\"").contains("\"cap\":3");
        long id = Long.parseLong(created.body().replaceAll(".*\"id\":(\\d+).*", "$1"));

        HttpResponse<String> invalid = api.postJson(
                "/api/v1/staff/campaigns",
                "{\"name\": \"\", \"cap\": -1, \"plannedOpening\": \"2020-01-01\"}",
                staffEnglish);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(invalid.body())
                .contains("\"field\":\"name\"")
                .contains("\"field\":\"plannedOpening\"")
                .contains("\"field\":\"cap\"")
                .contains("The planned opening cannot be in the past.");

        assertThat(api.get("/api/v1/staff/campaigns", staff).body()).contains("\"name\":\"API campaign\"");
        HttpResponse<String> opened = api.postJson("/api/v1/staff/campaigns/" + id + "/open", "", staff);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("\"state\":\"OPEN\"");
        assertThat(api.postJson("/api/v1/staff/campaigns/" + id + "/open", "", staffEnglish)
                        .body())
                .contains("https://essaim.org/problems/campaign-already-open");
        assertThat(api.postJson("/api/v1/staff/campaigns/" + id + "/close", "", staff)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> notOpen = api.postJson("/api/v1/staff/campaigns/" + id + "/close", "", staff);
        assertThat(notOpen.statusCode()).isEqualTo(409);
        assertThat(api.postJson("/api/v1/staff/campaigns/999999999/open", "", staff)
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/staff/campaigns").statusCode())
                .as("without credentials")
                .isEqualTo(401);
        assertThat(api.postJson("/api/v1/staff/campaigns", "{\"name\": \"Anonymous\"}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void peopleAskToBeToldAreToldOnceInTheirLanguageWhenACampaignOpensThenErased() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        String french = uniqueEmail("notify-fr");
        String english = uniqueEmail("notify-en");
        WebClient frenchVisitor = new WebClient(port);
        frenchVisitor.get("/apply?lang=fr");
        WebClient englishVisitor = new WebClient(port);
        englishVisitor.get("/apply?lang=en");

        assertThat(frenchVisitor
                        .submit("/apply", "/campaigns/notify", Map.of("email", french))
                        .statusCode())
                .isEqualTo(302);
        assertThat(frenchVisitor.get("/apply").body()).contains("C’est noté : nous écrirons à " + french);
        englishVisitor.submit("/apply", "/campaigns/notify", Map.of("email", english));
        // Asking again answers the same and sends nothing more.
        englishVisitor.submit("/apply", "/campaigns/notify", Map.of("email", english));
        assertThat(englishVisitor.get("/apply").body()).contains("Done: we will write to " + english);
        assertThat(mailCount(db, french, "campaign-subscribed")).isEqualTo(1);
        assertThat(mailCount(db, english, "campaign-subscribed")).isEqualTo(1);
        assertThat(ApplicationFixtures.lastMail(db, french, "campaign-subscribed")
                        .orElseThrow())
                .contains("Retirez votre adresse dès maintenant")
                .contains("/campaigns/unsubscribe/");

        Campaign opened = desk.openCampaign();

        assertThat(ApplicationFixtures.lastMail(db, french, "campaign-opened").orElseThrow())
                .contains("La campagne « " + opened.name() + " » est ouverte")
                .contains("/apply")
                .contains("votre adresse est maintenant effacée");
        assertThat(db.select(MAIL_OUTBOX.SUBJECT)
                        .from(MAIL_OUTBOX)
                        .where(MAIL_OUTBOX.RECIPIENT.eq(english))
                        .and(MAIL_OUTBOX.TEMPLATE.eq("campaign-opened"))
                        .fetchSingle(MAIL_OUTBOX.SUBJECT))
                .isEqualTo("Essaim: applications are open");
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.in(french, english)))
                .isZero();

        desk.openCampaign();
        assertThat(mailCount(db, french, "campaign-opened"))
                .as("told once, not at every opening")
                .isEqualTo(1);
    }

    @Test
    void theRemovalLinkErasesTheAddressAfterAButtonPressAndOnlyOnce() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        String email = uniqueEmail("unsubscribe");
        WebClient visitor = new WebClient(port);
        visitor.get("/apply?lang=en");
        visitor.submit("/apply", "/campaigns/notify", Map.of("email", email));
        String link = "/campaigns/unsubscribe/" + ApplicationFixtures.unsubscribeToken(db, email);

        assertThat(visitor.get(link).body()).contains("Remove your address from the list");
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(email)))
                .as("a GET removes nothing")
                .isEqualTo(1);

        assertThat(visitor.submit(link, link, Map.of()).body()).contains("Your address is removed.");
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(email)))
                .isZero();
        assertThat(visitor.get(link).body()).contains("This address is not on the list (any more).");
    }

    @Test
    void aMalformedAddressIsExplainedAndNotListed() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        WebClient visitor = new WebClient(port);
        visitor.get("/apply?lang=en");
        String bad = "<script>@example";

        visitor.submit("/apply", "/campaigns/notify", Map.of("email", bad));

        String page = visitor.get("/apply").body();
        assertThat(page)
                .contains("Enter a valid email address")
                .contains("value=\"&lt;script&gt;@example\"")
                .doesNotContain("<script>@");
        assertThat(db.fetchCount(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(bad)))
                .isZero();
    }

    @Test
    void deferredApplicationsGoBackToTheQueueWhenTheNextCampaignOpensWithoutTakingItsPlaces() {
        desk.openCampaign();
        long id = desk.applicants().confirmed("deferred");
        decisions.decide(id, "DEFER", "Éligible, mais la campagne est pleine.", "admin");
        assertThat(state(id)).isEqualTo(ApplicationState.DEFERRED);

        Campaign next = desk.openCampaign(5);

        assertThat(state(id)).isEqualTo(ApplicationState.IN_REVIEW);
        assertThat(db.select(APPLICATION.CAMPAIGN_ID)
                        .from(APPLICATION)
                        .where(APPLICATION.ID.eq(id))
                        .fetchSingle(APPLICATION.CAMPAIGN_ID))
                .isEqualTo(next.id());
        assertThat(campaigns.find(next.id()).confirmedCount()).isZero();
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("application.requeued").and(AUDIT_EVENT.TARGET.eq("application:" + id))))
                .isEqualTo(1);
    }

    private ApplicationState state(long id) {
        return db.select(APPLICATION.STATE)
                .from(APPLICATION)
                .where(APPLICATION.ID.eq(id))
                .fetchSingle(APPLICATION.STATE);
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
