package org.essaim.review;

import org.essaim.application.ApplicationState;
import org.essaim.application.Applications;
import org.essaim.application.QueueCursor;
import org.essaim.application.QueuePage;
import org.essaim.application.QueueQuery;
import org.essaim.campaign.Campaign;
import org.essaim.db.Tables;
import org.essaim.testing.Applicants;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.ReviewDesk;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff's queue: oldest confirmed first, time left on the 30-day target, filters, search, keyset pages. Each
 * test works in a campaign of its own, so the applications of other tests stay out of its way.
 */
@EssaimTest
class ReviewQueueTest {

    @LocalServerPort
    int port;

    @Autowired
    Applications applications;

    @Autowired
    Decisions decisions;

    @Autowired
    Assignments assignments;

    @Autowired
    ReviewDesk desk;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @Autowired
    ObjectMapper json;

    private Campaign campaign;
    private Applicants applicants;

    @BeforeEach
    void freshCampaign() {
        campaign = desk.openCampaign();
        applicants = desk.applicants();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theOldestConfirmedComesFirstWhateverTheOrderOfSubmission() {
        long first = applicants.submit("order", Locale.FRENCH, f -> {});
        long second = applicants.submit("order", Locale.FRENCH, f -> {});
        long third = applicants.submit("order", Locale.FRENCH, f -> {});
        applicants.confirm(third);
        clock.advance(Duration.ofMinutes(1));
        applicants.confirm(first);
        clock.advance(Duration.ofMinutes(1));
        applicants.confirm(second);

        assertThat(ids(queue(null, null, null, null, 25))).containsExactly(third, first, second);
    }

    @Test
    void eachRowShowsTheTimeLeftAndOverdueOnesAreMarked() {
        long early = applicants.confirmed("due");
        clock.advance(Duration.ofDays(10));
        long late = applicants.confirmed("due");
        clock.advance(Duration.ofDays(21));

        String page = desk.signedInAdmin("en")
                .get("/staff/applications?campaign=" + campaign.id())
                .body();

        assertThat(row(page, early)).contains("class=\"overdue\"").contains("Overdue by 1 day");
        assertThat(row(page, late)).doesNotContain("overdue").contains("9 days left");
        JsonNode api = json.readTree(staffApi()
                .get("/api/v1/staff/applications?campaign=" + campaign.id(), desk.asAdmin())
                .body());
        assertThat(api.get("items").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(api.get("items").get(0).get("daysLeft").asLong()).isEqualTo(-1);
        assertThat(api.get("items").get(1).get("daysLeft").asLong()).isEqualTo(9);
    }

    @Test
    void filtersByStateFlagReviewerAndCampaign() {
        long plain = applicants.confirmed("filter");
        long rich = applicants.confirmed("filter", Locale.FRENCH, f -> f.put("annualBudget", "250000"));
        long assigned = applicants.confirmed("filter");
        long rejected = applicants.confirmed("filter");
        assignments.assign(assigned, "admin", "admin");
        decisions.decide(rejected, "REJECT", "Hors du périmètre.", "admin");

        assertThat(ids(queue(null, null, null, null, 25))).containsExactly(plain, rich, assigned);
        assertThat(ids(queue(ApplicationState.REJECTED, null, null, null, 25))).containsExactly(rejected);
        assertThat(ids(queue(null, Flag.HIGH_BUDGET.name(), null, null, 25))).containsExactly(rich);
        assertThat(ids(queue(null, QueueQuery.ANY, null, null, 25))).containsExactly(rich);
        assertThat(ids(queue(null, QueueQuery.NONE, null, null, 25))).containsExactly(plain, assigned);
        assertThat(ids(queue(null, null, "admin", null, 25))).containsExactly(assigned);
        assertThat(ids(queue(null, null, QueueQuery.NONE, null, 25))).containsExactly(plain, rich);
        assertThat(applications
                        .queue(new QueueQuery(null, campaign.id(), null, null, null, null, null, 25))
                        .total())
                .isEqualTo(4);

        String page = desk.signedInAdmin("fr")
                .get("/staff/applications?campaign=" + campaign.id() + "&flag=HIGH_BUDGET")
                .body();
        assertThat(page)
                .contains("data-id=\"" + rich + "\"")
                .doesNotContain("data-id=\"" + plain + "\"")
                .contains("Budget élevé")
                .contains("Une candidature.");
    }

    @Test
    void searchFindsByNameWithoutAccentsBySlugByEmailAndByIdentifier() {
        long named = applicants.confirmed(
                "search", Locale.FRENCH, f -> f.put("organisationName", "Les Éco-Pâtissiers de Nantes"));
        long identified = applicants.confirmed("search", Locale.FRENCH, f -> f.put("officialIdentifier", "W441234567"));
        long mailed = applicants.confirmed(
                "search",
                Locale.FRENCH,
                f -> f.put("contactEmail", "tresoriere-" + System.nanoTime() + "@asso-velo.example"));
        String slug = db.select(Tables.APPLICATION.SLUG)
                .from(Tables.APPLICATION)
                .where(Tables.APPLICATION.ID.eq(identified))
                .fetchSingle(Tables.APPLICATION.SLUG);

        assertThat(ids(queue(null, null, null, "eco-patissiers", 25))).containsExactly(named);
        assertThat(ids(queue(null, null, null, "PÂTISSIERS", 25))).containsExactly(named);
        assertThat(ids(queue(null, null, null, "w441234567", 25))).containsExactly(identified);
        assertThat(ids(queue(null, null, null, slug, 25))).containsExactly(identified);
        assertThat(ids(queue(null, null, null, "asso-velo.example", 25))).containsExactly(mailed);
        assertThat(ids(queue(null, null, null, "100%_", 25)))
                .as("wildcards are searched as text")
                .isEmpty();

        String page = desk.signedInAdmin("en")
                .get("/staff/applications?campaign=" + campaign.id() + "&q=p%C3%A2tissiers")
                .body();
        assertThat(page).contains("Les Éco-Pâtissiers de Nantes").contains("One application.");
    }

    @Test
    void keysetPagesWalkForwardAndBackWithoutGapOrRepeat() {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(applicants.confirmed("page"));
            clock.advance(Duration.ofSeconds(1));
        }

        QueuePage first = queue(null, null, null, null, 3);
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.previous()).isNull();
        QueuePage second = applications.queue(query(3, first.next(), null));
        QueuePage third = applications.queue(query(3, second.next(), null));
        assertThat(ids(first)).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(ids(second)).containsExactlyElementsOf(all.subList(3, 6));
        assertThat(ids(third)).containsExactlyElementsOf(all.subList(6, 7));
        assertThat(third.next()).isNull();

        QueuePage back = applications.queue(query(3, null, third.previous()));
        assertThat(ids(back)).containsExactlyElementsOf(all.subList(3, 6));
        QueuePage backAgain = applications.queue(query(3, null, back.previous()));
        assertThat(ids(backAgain)).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(backAgain.previous()).isNull();

        // The same walk through the API's cursors.
        WebClient api = staffApi();
        String[] staff = desk.asAdmin();
        JsonNode page1 = json.readTree(api.get("/api/v1/staff/applications?limit=3&campaign=" + campaign.id(), staff)
                .body());
        JsonNode page2 = json.readTree(api.get(
                        "/api/v1/staff/applications?limit=3&campaign=" + campaign.id() + "&after="
                                + page1.get("next").asString(),
                        staff)
                .body());
        assertThat(page2.get("items").get(0).get("id").asLong()).isEqualTo(all.get(3));
        assertThat(page2.get("total").asInt()).isEqualTo(7);

        // And through the page's links.
        String html = desk.signedInAdmin("en")
                .get("/staff/applications?limit=3&campaign=" + campaign.id())
                .body();
        assertThat(html).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
    }

    @Test
    void invalidFiltersAre400ForTheApiAndIgnoredWithAMessageOnThePage() {
        String[] staff = desk.asAdmin();
        HttpResponse<String> refused = staffApi()
                .get(
                        "/api/v1/staff/applications?state=LOST&limit=1000&after=xyz&flag=%3Cb%3E",
                        staff[0], staff[1], "Accept-Language", "en");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("\"field\":\"state\"")
                .contains("\"field\":\"limit\"")
                .contains("\"field\":\"after\"")
                .contains("\"field\":\"flag\"");

        String page = desk.signedInAdmin("en")
                .get("/staff/applications?state=LOST&q=%3Cscript%3E")
                .body();
        assertThat(page)
                .contains("Some filters were not valid and were ignored.")
                .doesNotContain("<script>");
    }

    @Test
    void theQueueIsForStaffOnly() {
        assertThat(new WebClient(port).get("/staff/applications").statusCode()).isEqualTo(302);
        assertThat(new WebClient(port).get("/api/v1/staff/applications").statusCode())
                .isEqualTo(401);
        assertThat(new WebClient(port)
                        .get("/api/v1/staff/applications", WebClient.basic("admin", "wrong"))
                        .statusCode())
                .isEqualTo(401);
    }

    private QueuePage queue(ApplicationState state, String flag, String assignee, String text, int limit) {
        return applications.queue(new QueueQuery(
                state == null ? ApplicationState.IN_REVIEW : state,
                campaign.id(),
                flag,
                assignee,
                text,
                null,
                null,
                limit));
    }

    private QueueQuery query(int limit, QueueCursor after, QueueCursor before) {
        return new QueueQuery(ApplicationState.IN_REVIEW, campaign.id(), null, null, null, after, before, limit);
    }

    private static List<Long> ids(QueuePage page) {
        return page.items().stream().map(QueuePage.Item::id).toList();
    }

    private static String row(String page, long id) {
        int start = page.indexOf("data-id=\"" + id + "\"");
        assertThat(start).as("row of " + id).isPositive();
        int rowStart = page.lastIndexOf("<tr", start);
        return page.substring(rowStart, page.indexOf("</tr>", start));
    }

    private WebClient staffApi() {
        return new WebClient(port);
    }
}
