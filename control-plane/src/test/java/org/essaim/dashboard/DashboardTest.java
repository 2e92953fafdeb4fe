package org.essaim.dashboard;

import org.essaim.application.ApplicationState;
import org.essaim.campaign.Campaigns;
import org.essaim.space.SpaceSettings;
import org.essaim.space.SpaceState;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.ApplicationRows;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.SPACE;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The staff dashboard: a known data set gives known bars and numbers in each picture and table, in both languages,
 * with no script, for staff only. The test database is shared with other tests, so the clock is moved years ahead
 * (where only this test's rows fall in the weeks and decisions counted) and global counts are compared before and
 * after adding rows.
 */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.bootstrap.staff-password=" + DashboardTest.PASSWORD,
            "essaim.dashboard.capacity-target=2500",
            "essaim.privacy.application-retention=90d"
        })
class DashboardTest {

    static final String PASSWORD = "dashboard-and-privacy-test-7Pw";
    private static final Pattern SVG = Pattern.compile("<svg[^>]*\\bid=\"([a-z-]+)\".*?</svg>", Pattern.DOTALL);

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    Campaigns campaigns;

    @Autowired
    MutableClock clock;

    @Autowired
    WebApplicationContext context;

    @Autowired
    SpaceSettings spaceSettings;

    private ApplicationRows rows;
    private final List<String> spaces = new ArrayList<>();
    private OffsetDateTime now;

    @BeforeEach
    void setUp() {
        rows = new ApplicationRows(
                db, ApplicationFixtures.openFreshCampaign(campaigns, null).id());
        // Far enough ahead that nothing another test made counts in this test's weeks and decisions.
        clock.advance(Duration.ofDays(365L * 30 + (long) (Math.random() * 3650)));
        now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        rows.deleteAll();
        db.deleteFrom(SPACE).where(SPACE.SLUG.in(spaces)).execute();
    }

    @Test
    void applicationsPerWeekShowEachWeeksOutcomes() throws Exception {
        LocalDate monday = now.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        OffsetDateTime thisWeek = monday.atStartOfDay().atOffset(ZoneOffset.UTC).plusHours(1);
        OffsetDateTime twoWeeksAgo = thisWeek.minusWeeks(2);
        OffsetDateTime lastWeek = thisWeek.minusWeeks(1).plusDays(6).plusHours(20);
        rows.with(ApplicationState.APPROVED, twoWeeksAgo);
        rows.with(ApplicationState.APPROVED, twoWeeksAgo.plusDays(2));
        rows.with(ApplicationState.REJECTED, twoWeeksAgo.plusDays(4));
        rows.with(ApplicationState.EXPIRED, lastWeek);
        rows.with(ApplicationState.DEFERRED, lastWeek);
        rows.with(ApplicationState.UNCONFIRMED, thisWeek);
        rows.with(ApplicationState.IN_REVIEW, thisWeek);
        rows.with(ApplicationState.IN_REVIEW, thisWeek);
        rows.with(ApplicationState.WITHDRAWN, thisWeek);
        // Thirteen weeks ago: outside the twelve weeks shown.
        rows.with(ApplicationState.APPROVED, thisWeek.minusWeeks(12));

        String page = staffPage("en");
        Document picture = picture(page, "applications-per-week");
        Map<String, String> totals = columnTotals(picture);
        assertThat(totals).hasSize(12);
        assertThat(new ArrayList<>(totals.values()))
                .containsExactly("0", "0", "0", "0", "0", "0", "0", "0", "0", "3", "2", "4");
        assertThat(bars(picture))
                .containsExactly("APPROVED=2", "REJECTED=1", "DEFERRED=1", "EXPIRED=1", "WITHDRAWN=1", "PENDING=3");
        assertThat(row(page, "data-week=\"" + monday + "\"")).containsExactly("0", "0", "0", "1", "0", "3", "4");
        assertThat(row(page, "data-week=\"" + monday.minusWeeks(2) + "\""))
                .containsExactly("2", "1", "0", "0", "0", "0", "3");
        assertThat(picture.getDocumentElement().getTextContent())
                .contains("Applications submitted in each of the last 12 weeks")
                .contains("9 in all")
                .contains("Approved: 2, Rejected: 1, Deferred: 1, Withdrawn: 1, Expired: 1, Pending: 3");
    }

    @Test
    void theReviewQueuesAgesAndTheShareDecidedWithinTheTarget() throws Exception {
        List<Long> before = new ArrayList<>(columnTotals(picture(staffPage("en"), "queue-ages")).values().stream()
                .map(Long::parseLong)
                .toList());
        for (int days : new int[] {1, 3, 10, 25, 40}) {
            rows.inReview(now.minusDays(days));
        }
        // Decisions of the last year: three by their due date, one late; one from two years ago does not count.
        rows.decided(ApplicationState.APPROVED, now.minusDays(100), now.minusDays(80));
        rows.decided(ApplicationState.REJECTED, now.minusDays(60), now.minusDays(31));
        rows.decided(ApplicationState.DEFERRED, now.minusDays(50), now.minusDays(49));
        rows.decided(ApplicationState.REJECTED, now.minusDays(200), now.minusDays(150));
        rows.decided(ApplicationState.APPROVED, now.minusDays(800), now.minusDays(700));

        String page = staffPage("en");
        Document ages = picture(page, "queue-ages");
        assertThat(columnTotals(ages).keySet())
                .containsExactly("0–7 d", "7–14 d", "14–21 d", "21–30 d", "30–60 d", "60+ d");
        List<Long> after =
                columnTotals(ages).values().stream().map(Long::parseLong).toList();
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            added.add(after.get(i) - before.get(i));
        }
        assertThat(added).containsExactly(2L, 1L, 0L, 1L, 1L, 0L);
        // Past the target: the red series.
        assertThat(ages.getElementsByTagNameNS("*", "rect")).satisfies(nodes -> {
            List<String> pastTarget = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element rect = (Element) nodes.item(i);
                if ("past-target".equals(rect.getAttribute("data-series"))) {
                    pastTarget.add(((Element) rect.getParentNode()).getAttribute("data-label"));
                }
            }
            assertThat(pastTarget)
                    .doesNotContain("0–7 d", "7–14 d", "14–21 d", "21–30 d")
                    .contains("30–60 d");
        });

        Document decisions = picture(page, "queue-decisions");
        assertThat(bars(decisions)).containsExactly("on-time=3", "late=1");
        assertThat(decisions.getDocumentElement().getTextContent())
                .contains("75 % decided within 30 days (3 of 4 decisions, last 365 days)");
        assertThat(page).contains("<caption>Decisions of the last 365 days</caption>");

        String french = staffPage("fr");
        assertThat(picture(french, "queue-decisions").getDocumentElement().getTextContent())
                .contains("75 % décidées en 30 jours au plus (3 décisions sur 4, 365 derniers jours)");
        assertThat(columnTotals(picture(french, "queue-ages")).keySet()).contains("0–7 j", "60+ j");
    }

    @Test
    void spacesByStateAndTowardTheCapacityTarget() throws Exception {
        String page = staffPage("en");
        Map<String, Long> before = spaceCounts(page);
        long hostedBefore = Long.parseLong(cell(page, "spaces-hosted").replace(",", ""));
        space(SpaceState.READY);
        space(SpaceState.READY);
        space(SpaceState.SUSPENDED);
        space(SpaceState.ERASED);

        page = staffPage("en");
        Map<String, Long> after = spaceCounts(page);
        assertThat(after.get("READY") - before.get("READY")).isEqualTo(2);
        assertThat(after.get("SUSPENDED") - before.get("SUSPENDED")).isEqualTo(1);
        assertThat(after.get("ERASED") - before.get("ERASED")).isEqualTo(1);
        assertThat(after.get("PENDING")).isEqualTo(before.get("PENDING"));
        long hosted = Long.parseLong(cell(page, "spaces-hosted").replace(",", ""));
        assertThat(hosted - hostedBefore).isEqualTo(3);
        assertThat(cell(page, "spaces-target")).isEqualTo("2,500");

        Map<String, String> byState = columnTotals(picture(page, "spaces-by-state"));
        assertThat(byState.get("Ready")).isEqualTo(after.get("READY").toString());
        assertThat(byState.get("Erased")).isEqualTo(after.get("ERASED").toString());
        Document capacity = picture(page, "spaces-capacity");
        assertThat(capacity.getDocumentElement().getTextContent())
                .contains(String.format(
                        Locale.ENGLISH, "%,d of 2,500 spaces hosted (%d %%)", hosted, hosted * 100 / 2500));
        assertThat(bars(capacity)).contains("READY=" + after.get("READY")).noneMatch(bar -> bar.startsWith("ERASED"));
    }

    @Test
    void thePageIsInBothLanguagesWithoutScriptAndLinkedFromTheConsole() {
        String english = staffPage("en");
        String french = staffPage("fr");
        assertThat(english)
                .contains(
                        "<title>Dashboard</title>",
                        "Spaces by state",
                        "Applications per week by outcome",
                        "Applications in review by time waited",
                        "The numbers as a table",
                        "Storage use across spaces",
                        "Upgrade waves in flight",
                        "id=\"upgrade-waves\"");
        assertThat(french)
                .contains(
                        "<title>Tableau de bord</title>",
                        "Espaces par état",
                        "Candidatures par semaine selon leur issue",
                        "Candidatures en examen selon leur attente",
                        "Les nombres dans un tableau");
        for (String page : List.of(english, french)) {
            assertThat(page)
                    .doesNotContain("<script", "javascript:", "onload=", "onclick=", "http://www.w3.org/1999/xlink")
                    .doesNotContainPattern("(src|href)=\"https?://");
            Matcher svg = SVG.matcher(page);
            int pictures = 0;
            while (svg.find()) {
                pictures++;
                assertThat(svg.group())
                        .contains(
                                "role=\"img\"",
                                "aria-labelledby=\"" + svg.group(1) + "-title " + svg.group(1) + "-desc\"");
            }
            assertThat(pictures)
                    .as("five pictures of its own and the storage use")
                    .isEqualTo(6);
        }
        WebClient staff = new WebClient(port);
        staff.signIn("admin", PASSWORD);
        assertThat(staff.get("/staff?lang=en").body()).contains("href=\"/staff/dashboard\"");
    }

    @Test
    void onlyStaffSeeTheDashboard() throws Exception {
        HttpResponse<String> anonymous = new WebClient(port).get("/staff/dashboard");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/login");
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        mvc.perform(get("/staff/dashboard").with(user("sacha").roles("MEMBER"))).andExpect(status().isForbidden());
    }

    /** The office servers are named at this platform's domain, not at a placeholder. */
    @Test
    void theOfficeServersAreNamedAtThePlatformsDomain() {
        String domain = spaceSettings.domain();
        assertThat(staffPage("en"))
                .contains("Collabora Online (CODE), https://office." + domain + "<")
                .contains("OnlyOffice Document Server, https://onlyoffice." + domain + "<")
                .doesNotContain("&lt;domain&gt;");
        assertThat(staffPage("fr"))
                .contains("Collabora Online (CODE), https://office." + domain + "<")
                .doesNotContain("&lt;domaine&gt;");
    }

    private String staffPage(String language) {
        WebClient staff = new WebClient(port);
        staff.signIn("admin", PASSWORD);
        HttpResponse<String> page = staff.get("/staff/dashboard?lang=" + language);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private void space(SpaceState state) {
        String slug = ApplicationFixtures.uniqueSlug("dash");
        db.insertInto(SPACE)
                .set(SPACE.SLUG, slug)
                .set(SPACE.DISPLAY_NAME, slug)
                .set(SPACE.LANGUAGE, "fr")
                .set(SPACE.REFERENT_NAME, "Test")
                .set(SPACE.REFERENT_EMAIL, slug + "@example.org")
                .set(SPACE.NAME_KEY, slug + UUID.randomUUID())
                .set(SPACE.EMAIL_KEY, slug + "@example.org")
                .set(SPACE.STATE, state)
                .set(SPACE.CREATED_AT, now)
                .set(SPACE.CREATED_BY, "test")
                .set(SPACE.HANDOVER_PENDING, false)
                .execute();
        spaces.add(slug);
    }

    private static Map<String, Long> spaceCounts(String page) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher row = Pattern.compile("data-state=\"([A-Z]+)\">.*?<td>([^<]*)</td>", Pattern.DOTALL)
                .matcher(page);
        while (row.find()) {
            counts.put(row.group(1), Long.parseLong(row.group(2).replace(",", "")));
        }
        return counts;
    }

    private static String cell(String page, String id) {
        Matcher cell = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(page);
        assertThat(cell.find()).as(id).isTrue();
        return cell.group(1);
    }

    /** The cells of the table row holding {@code marker}, after its heading cell. */
    private static List<String> row(String page, String marker) {
        int start = page.indexOf(marker);
        assertThat(start).as(marker).isNotNegative();
        String row = page.substring(start, page.indexOf("</tr>", start));
        List<String> cells = new ArrayList<>();
        Matcher cell = Pattern.compile("<td>([^<]*)</td>").matcher(row);
        while (cell.find()) {
            cells.add(cell.group(1));
        }
        return cells;
    }

    private static Document picture(String page, String id) throws Exception {
        Matcher svg = SVG.matcher(page);
        while (svg.find()) {
            if (svg.group(1).equals(id)) {
                return SvgChartTest.parse(svg.group());
            }
        }
        throw new AssertionError("no picture " + id);
    }

    /** Each column's label and total, left to right. */
    private static Map<String, String> columnTotals(Document picture) {
        Map<String, String> totals = new LinkedHashMap<>();
        for (Element g : SvgChartTest.elements(picture, "g")) {
            if ("column".equals(g.getAttribute("class"))) {
                totals.put(g.getAttribute("data-label"), g.getAttribute("data-total"));
            }
        }
        return totals;
    }

    /** Every drawn part as series=value, in drawing order. */
    private static List<String> bars(Document picture) {
        return SvgChartTest.elements(picture, "rect").stream()
                .filter(rect -> rect.hasAttribute("data-series"))
                .map(rect -> rect.getAttribute("data-series") + "=" + rect.getAttribute("data-value"))
                .toList();
    }
}
