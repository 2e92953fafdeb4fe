package org.essaim.application;

import org.essaim.campaign.Campaigns;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.testing.ApplicationFixtures.uniqueEmail;
import static org.essaim.testing.ApplicationFixtures.uniqueSlug;
import static org.essaim.testing.ApplicationFixtures.validJson;

/** {@code POST /api/v1/applications}: status codes and problem+json bodies, in both languages. */
@EssaimTest
class ApplicationApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DSLContext db;

    @Autowired
    ObjectMapper json;

    private WebClient api;

    @BeforeEach
    void openCampaign() {
        ApplicationFixtures.openFreshCampaign(campaigns, null);
        api = new WebClient(port);
    }

    @Test
    void aValidApplicationIs201WithItsIdAndStateAndItsEmailGoesOutInTheRequestedLanguage() {
        String email = uniqueEmail("api");
        String body = validJson(uniqueSlug("api"), email)
                .replace("\"charterAccepted\": true", "\"charterAccepted\": true, \"language\": \"en\"");

        HttpResponse<String> created = api.postJson("/api/v1/applications", body, "Accept-Language", "fr");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode answer = json.readTree(created.body());
        long id = answer.get("id").asLong();
        assertThat(answer.get("state").asString()).isEqualTo("UNCONFIRMED");
        var stored = db.selectFrom(APPLICATION).where(APPLICATION.ID.eq(id)).fetchSingle();
        assertThat(stored.getContactEmail()).isEqualTo(email);
        assertThat(stored.getKind()).isEqualTo(OrganisationKind.DE_FACTO_COLLECTIVE);
        assertThat(stored.getOfficialIdentifier()).isEqualTo("W751234567");
        assertThat(stored.getLanguage()).isEqualTo("en");
        assertThat(db.select(MAIL_OUTBOX.SUBJECT)
                        .from(MAIL_OUTBOX)
                        .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                        .fetchSingle(MAIL_OUTBOX.SUBJECT))
                .isEqualTo("Confirm your application to Essaim");
    }

    @Test
    void withoutALanguageFieldTheEmailFollowsAcceptLanguage() {
        String email = uniqueEmail("api-fr");
        assertThat(api.postJson("/api/v1/applications", validJson(uniqueSlug("api"), email), "Accept-Language", "fr-BE")
                        .statusCode())
                .isEqualTo(201);
        assertThat(db.select(APPLICATION.LANGUAGE)
                        .from(APPLICATION)
                        .where(APPLICATION.CONTACT_EMAIL.eq(email))
                        .fetchSingle(APPLICATION.LANGUAGE))
                .isEqualTo("fr");
    }

    @Test
    void everyInvalidFieldIsListedOnceWithALocalizedMessageAndNothingIsStored() {
        String email = uniqueEmail("invalid");
        String body = """
                {"organisationName": "<script>alert(1)</script>", "kind": "COMPANY", "officialIdentifier": "W123",
                 "country": "FR", "mainLanguage": "fr", "purpose": {"nested": true}, "memberCount": "beaucoup",
                 "annualBudget": -5, "whyNotPaid": "Parce que\\u0000", "slug": "\\u0430map", "contactName": "",
                 "contactEmail": "%s@", "charterAccepted": false, "language": "de"}
                """.formatted(email);

        HttpResponse<String> refused = api.postJson("/api/v1/applications", body, "Accept-Language", "en");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://essaim.org/problems/invalid-fields");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isEqualTo("Invalid fields");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/applications");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> {
            fields.add(error.get("field").asString());
            assertThat(error.get("message").asString()).isNotBlank().doesNotStartWith("input.");
            assertThat(error.get("code").asString()).isNotBlank();
        });
        assertThat(fields)
                .containsExactly(
                        "purpose",
                        "organisationName",
                        "kind",
                        "officialIdentifier",
                        "memberCount",
                        "annualBudget",
                        "whyNotPaid",
                        "slug",
                        "contactName",
                        "contactEmail",
                        "charterAccepted",
                        "language");
        assertThat(refused.body())
                .contains("This field has the wrong type")
                .contains("Write plain text")
                .contains("looks like the Latin letter «a»")
                .contains("Accept the charter to apply.");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.like(email + "%")))
                .isZero();
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.like(email + "%")))
                .isZero();
    }

    @Test
    void theMessagesAreFrenchForAFrenchClient() {
        HttpResponse<String> refused =
                api.postJson("/api/v1/applications", "{\"slug\": \"admin\"}", "Accept-Language", "fr");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("\"title\":\"Champs invalides\"")
                .contains("L’adresse « admin » est réservée")
                .contains("Ce champ est obligatoire.");
    }

    @Test
    void aTakenAddressIs409OnTheSlugField() {
        String slug = uniqueSlug("api-taken");
        assertThat(api.postJson("/api/v1/applications", validJson(slug, uniqueEmail("one")))
                        .statusCode())
                .isEqualTo(201);
        String email = uniqueEmail("two");

        HttpResponse<String> conflict =
                api.postJson("/api/v1/applications", validJson(slug, email), "Accept-Language", "en");

        assertThat(conflict.statusCode()).isEqualTo(409);
        JsonNode problem = json.readTree(conflict.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://essaim.org/problems/slug-taken");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("slug");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void noOpenCampaignIs409() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        String email = uniqueEmail("closed");

        HttpResponse<String> conflict =
                api.postJson("/api/v1/applications", validJson(uniqueSlug("closed"), email), "Accept-Language", "en");

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body())
                .contains("https://essaim.org/problems/no-open-campaign")
                .contains("Applications are accepted only while a campaign is open");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void aBodyThatIsNotJsonOrNotAnObjectIs400() {
        HttpResponse<String> broken =
                api.postJson("/api/v1/applications", "{\"organisationName\": ", "Accept-Language", "en");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(broken.body()).contains("https://essaim.org/problems/unreadable-body");

        HttpResponse<String> array = api.postJson("/api/v1/applications", "[1, 2]", "Accept-Language", "en");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("The body must be a JSON object.");
    }

    @Test
    void theAddressCheckSaysWhetherASlugIsFreeAndWhyNot() {
        String slug = uniqueSlug("check");
        assertThat(api.get("/api/v1/slug-availability?slug=" + slug, "Accept-Language", "en")
                        .body())
                .isEqualTo("{\"slug\":\"" + slug + "\",\"available\":true,\"message\":\"«" + slug + "» is free.\"}");
        api.postJson("/api/v1/applications", validJson(slug, uniqueEmail("check")));
        assertThat(api.get("/api/v1/slug-availability?slug=" + slug, "Accept-Language", "en")
                        .body())
                .contains("\"available\":false")
                .contains("already taken or requested");
        assertThat(api.get("/api/v1/slug-availability?slug=forum", "Accept-Language", "fr")
                        .body())
                .contains("\"available\":false")
                .contains("réservée");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointOfTheIssue() {
        JsonNode document = json.readTree(api.get("/v3/api-docs").body());
        JsonNode paths = document.get("paths");

        assertThat(paths.has("/api/v1/applications")).isTrue();
        assertThat(paths.get("/api/v1/applications")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("201", "400", "409");
        assertThat(paths.get("/api/v1/staff/applications").has("get")).isTrue();
        assertThat(paths.get("/api/v1/staff/applications/{id}").has("get")).isTrue();
        assertThat(paths.get("/api/v1/staff/applications/{id}/decision").has("post"))
                .isTrue();
        assertThat(paths.get("/api/v1/staff/campaigns").has("get")).isTrue();
        assertThat(paths.get("/api/v1/staff/campaigns").has("post")).isTrue();
        assertThat(paths.has("/api/v1/staff/campaigns/{id}/open")).isTrue();
        assertThat(paths.has("/api/v1/staff/campaigns/{id}/close")).isTrue();
        assertThat(document.get("components").get("schemas").has("ApplicationRequest"))
                .isTrue();
        assertThat(document.get("components").get("securitySchemes").has("basic"))
                .isTrue();
        assertThat(paths.propertyNames()).allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
    }
}
