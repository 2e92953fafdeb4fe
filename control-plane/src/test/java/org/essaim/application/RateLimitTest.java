package org.essaim.application;

import org.essaim.campaign.Campaigns;
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
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.RATE_LIMIT_WINDOW;
import static org.essaim.testing.ApplicationFixtures.uniqueEmail;
import static org.essaim.testing.ApplicationFixtures.uniqueSlug;
import static org.essaim.testing.ApplicationFixtures.validForm;
import static org.essaim.testing.ApplicationFixtures.validJson;

/** Against bots: a few attempts per client address and per contact address each hour, counted in PostgreSQL. */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.applications.attempts-per-address-per-hour=3",
            "essaim.applications.applications-per-email-per-hour=2"
        })
class RateLimitTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void freshWindows() {
        ApplicationFixtures.openFreshCampaign(campaigns, null);
        // Other test classes post from 127.0.0.1 as well; start this hour's count from zero.
        db.deleteFrom(RATE_LIMIT_WINDOW).execute();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        db.deleteFrom(RATE_LIMIT_WINDOW).execute();
    }

    @Test
    void theFourthAttemptFromOneAddressInAnHourIs429AndStoresNothingThenTheNextHourIsOpenAgain() {
        WebClient api = new WebClient(port);
        for (int i = 0; i < 3; i++) {
            assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("limit"), uniqueEmail("limit")))
                            .statusCode())
                    .isEqualTo(201);
        }
        String email = uniqueEmail("limited");

        HttpResponse<String> refused =
                api.postJson("/api/v1/applications", validJson(uniqueSlug("limit"), email), "Accept-Language", "en");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body())
                .contains("https://essaim.org/problems/too-many-requests")
                .contains("Too many attempts from this address");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();

        clock.advance(Duration.ofHours(1));
        assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("limit"), email))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void invalidAttemptsCountTooAndTheFormSaysSoInTheVisitorsLanguage() {
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=fr");
        for (int i = 0; i < 3; i++) {
            browser.submit("/apply", "/apply", Map.of("organisationName", "x"));
        }
        String email = uniqueEmail("form-limited");

        String page = browser.submit("/apply", "/apply", validForm(uniqueSlug("limit"), email))
                .body();

        assertThat(page).contains("Trop de tentatives depuis votre connexion dans la dernière heure.");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void oneContactAddressCannotFileMoreThanTwoApplicationsAnHour() {
        String email = uniqueEmail("same-contact");
        WebClient api = new WebClient(port);
        assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("contact"), email))
                        .statusCode())
                .isEqualTo(201);
        db.deleteFrom(RATE_LIMIT_WINDOW)
                .where(RATE_LIMIT_WINDOW.BUCKET.startsWith("apply-address"))
                .execute();
        assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("contact"), email))
                        .statusCode())
                .isEqualTo(201);

        assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("contact"), email))
                        .statusCode())
                .isEqualTo(429);
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isEqualTo(2);
    }

    @Test
    void theCountsHoldNoAddressInClear() {
        new WebClient(port).postJson("/api/v1/applications", validJson(uniqueSlug("hashed"), "clear-text@example.org"));

        assertThat(db.select(RATE_LIMIT_WINDOW.BUCKET).from(RATE_LIMIT_WINDOW).fetch(RATE_LIMIT_WINDOW.BUCKET))
                .isNotEmpty()
                .allSatisfy(bucket -> assertThat(bucket)
                        .doesNotContain("127.0.0.1")
                        .doesNotContain("clear-text")
                        .matches("[a-z-]+:[0-9a-f]{40}"));
    }
}
