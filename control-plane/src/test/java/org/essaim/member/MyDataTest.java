package org.essaim.member;

import org.essaim.db.Tables;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "What Essaim holds about me" (code in {@code org.essaim.privacy.member}; here for the space fixtures): a member
 * sees their directory entry, invitations, audit entries and emails, on the page and in the JSON file, and nothing of
 * another member's, nor any password hash.
 */
@EssaimTest
class MyDataTest extends SpaceTestSupport {

    @Autowired
    ObjectMapper json;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void aMemberSeesWhatIsHeldAboutThemAndNothingOfOthers() {
        String slug = fixtures.spaceWithAdmin("me");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String zoe = "zoe-" + slug + "@example.org";
        String otto = "otto-" + slug + "@example.org";
        String third = "third-" + slug + "@example.org";
        // One invitation for two: its audit entry names both addresses.
        admin.submit(
                "/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations",
                Map.of("emails", zoe + ", " + otto));
        assertThat(fixtures.accept(fixtures.invitationToken(zoe), "Zoé Martin", SpaceFixtures.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        assertThat(fixtures.accept(fixtures.invitationToken(otto), "Otto Autre", SpaceFixtures.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members/zoe.martin/promote", Map.of());
        admin.submit(
                "/spaces/" + slug + "/members",
                "/spaces/" + slug + "/members/otto.autre/disable",
                Map.of("confirmed", "true"));
        // Zoé, now an admin, acts about someone else: listed as hers, without its detail.
        WebClient zoeSignedIn = fixtures.signedIn(slug, "zoe.martin");
        zoeSignedIn.submit(
                "/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", third));

        assertThat(zoeSignedIn.get("/profile", "Accept-Language", "en").body())
                .contains("href=\"/spaces/" + slug + "/me/data\"");
        HttpResponse<String> page = zoeSignedIn.get("/spaces/" + slug + "/me/data", "Accept-Language", "en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("What Essaim holds about me")
                .contains("Les Amis de " + slug)
                .contains(">zoe.martin<")
                .contains(">Zoé Martin<")
                .contains(">" + zoe + "<")
                .contains(">members, admins<")
                .contains("Stored only as a hash by the directory")
                .contains("camille.referente@" + slug)
                .contains("data-action=\"member.promoted\"")
                .contains("data-action=\"member.invitation-accepted\"")
                .contains("href=\"/spaces/" + slug + "/me/data.json\"");
        assertNothingOfOthers(page.body(), otto, third);

        HttpResponse<String> file = zoeSignedIn.get("/spaces/" + slug + "/me/data.json", "Accept-Language", "en");
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + slug + "-zoe.martin-data.json\"");
        JsonNode data = json.readTree(file.body());
        assertThat(data.get("generatedAt").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(data.at("/space/name").stringValue()).isEqualTo("Les Amis de " + slug);
        assertThat(data.at("/account/uid").stringValue()).isEqualTo("zoe.martin");
        assertThat(data.at("/account/email").stringValue()).isEqualTo(zoe);
        assertThat(data.at("/account/groups").toString()).isEqualTo("[\"members\",\"admins\"]");
        assertThat(data.at("/account/disabled").booleanValue()).isFalse();
        assertThat(data.at("/referent").isNull()).isTrue();
        assertThat(data.at("/invitations/0/createdBy").stringValue()).isEqualTo("camille.referente@" + slug);
        assertThat(data.at("/invitations/0/state").stringValue()).isEqualTo("ACCEPTED");
        assertThat(data.at("/emails").size()).isEqualTo(1);
        assertThat(data.at("/emails/0/subject").stringValue()).contains("Les Amis de " + slug);
        assertThat(page.body()).contains(">" + data.at("/emails/0/subject").stringValue() + "<");
        Map<String, JsonNode> byAction = new HashMap<>();
        List<String> actions = new ArrayList<>();
        data.get("auditLog").forEach(event -> {
            actions.add(event.get("action").stringValue());
            byAction.putIfAbsent(event.get("action").stringValue(), event);
        });
        assertThat(actions)
                .contains("member.invited", "member.invitation-accepted", "member.promoted")
                .doesNotContain("member.disabled");
        assertThat(byAction.get("member.promoted").get("detail").stringValue()).isEqualTo("zoe.martin");
        assertThat(byAction.get("member.promoted").get("byYou").booleanValue()).isFalse();
        assertThat(data.get("auditLog")).anySatisfy(event -> {
            assertThat(event.get("action").stringValue()).isEqualTo("member.invited");
            assertThat(event.get("detail").stringValue()).isEqualTo(zoe + ", …");
        });
        assertThat(data.get("auditLog")).anySatisfy(event -> {
            assertThat(event.get("action").stringValue()).isEqualTo("member.invited");
            assertThat(event.get("byYou").booleanValue()).isTrue();
            assertThat(event.get("detail").isNull()).isTrue();
        });
        assertNothingOfOthers(file.body(), otto, third);

        // The API gives the same to the account's HTTP Basic name; another account gets its own.
        WebClient api = new WebClient(port);
        JsonNode viaApi = json.readTree(api.get(
                        "/api/v1/spaces/" + slug + "/me/data",
                        SpaceFixtures.concat(
                                WebClient.basic("zoe.martin@" + slug, SpaceFixtures.PASSWORD), "Accept-Language", "en"))
                .body());
        assertThat(viaApi.get("account")).isEqualTo(data.get("account"));
        assertThat(viaApi.get("auditLog").size()).isEqualTo(data.get("auditLog").size());
        String referentData = api.get(
                        "/api/v1/spaces/" + slug + "/me/data",
                        WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD))
                .body();
        assertThat(json.readTree(referentData).at("/referent/email").stringValue())
                .isEqualTo(SpaceFixtures.referent(slug));
        assertThat(referentData).doesNotContain(zoe).doesNotContain("Zoé");

        assertThat(zoeSignedIn
                        .get("/spaces/" + slug + "/me/data", "Accept-Language", "fr")
                        .body())
                .contains("Ce qu’Essaim détient sur moi")
                .contains("Conservé uniquement sous forme d’empreinte");
    }

    /**
     * What Essaim wrote about the person reads in their language: the account's creation, recorded as a wording and
     * its arguments, is French on the French page and English on the English one, with no part marked English; an
     * entry recorded before that, in English, is still shown and marked {@code lang="en"}.
     */
    @Test
    void whatEssaimWroteAboutThemIsInTheirLanguage() {
        String slug = fixtures.spaceWithAdmin("mw");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String noor = "noor-" + slug + "@example.org";
        admin.submit(
                "/spaces/" + slug + "/members",
                "/spaces/" + slug + "/members",
                Map.of("displayName", "Noor Haddad", "email", noor));
        String link = "/password/link/" + fixtures.passwordToken(noor);
        new WebClient(port)
                .submit(link, link, Map.of("password", SpaceFixtures.PASSWORD, "confirmation", SpaceFixtures.PASSWORD));
        // An entry of an older version, its detail composed in English.
        db.insertInto(Tables.AUDIT_EVENT)
                .set(Tables.AUDIT_EVENT.OCCURRED_AT, OffsetDateTime.now())
                .set(Tables.AUDIT_EVENT.ACTOR, "camille.referente@" + slug)
                .set(Tables.AUDIT_EVENT.ACTION, "member.promoted")
                .set(Tables.AUDIT_EVENT.TARGET, "space:" + slug)
                .set(Tables.AUDIT_EVENT.DETAIL, "member noor.haddad, the old way")
                .execute();
        db.insertInto(Tables.AUDIT_EVENT)
                .set(Tables.AUDIT_EVENT.OCCURRED_AT, OffsetDateTime.now())
                .set(Tables.AUDIT_EVENT.ACTOR, "camille.referente@" + slug)
                .set(Tables.AUDIT_EVENT.ACTION, "member.created")
                .set(Tables.AUDIT_EVENT.TARGET, "space:" + slug)
                .set(Tables.AUDIT_EVENT.DETAIL, "member noor.haddad <" + noor + ">")
                .execute();
        WebClient signedIn = fixtures.signedIn(slug, "noor.haddad");

        String french = signedIn.get("/spaces/" + slug + "/me/data", "Accept-Language", "fr")
                .body();
        assertThat(french)
                .contains("<td>membre noor.haddad &lt;" + noor + "&gt;</td>")
                .contains("<td lang=\"en\">member noor.haddad &lt;" + noor + "&gt;</td>");
        String english = signedIn.get("/spaces/" + slug + "/me/data", "Accept-Language", "en")
                .body();
        assertThat(english)
                .contains("<td>member noor.haddad &lt;" + noor + "&gt;</td>")
                .doesNotContain("membre noor.haddad");
        JsonNode data = json.readTree(signedIn.get("/spaces/" + slug + "/me/data.json", "Accept-Language", "fr")
                .body());
        List<String> details = new ArrayList<>();
        data.get("auditLog")
                .forEach(event -> details.add(
                        event.get("detail").isNull()
                                ? null
                                : event.get("detail").stringValue()));
        assertThat(details).contains("membre noor.haddad <" + noor + ">");
    }

    @Test
    void nobodyReadsAnotherAccountsData() {
        String slug = fixtures.spaceWithAdmin("mf");
        String other = fixtures.spaceWithAdmin("mo");
        WebClient adminOfOther = fixtures.signedIn(other, "camille.referente");
        assertThat(adminOfOther.get("/spaces/" + slug + "/me/data").statusCode())
                .isEqualTo(404);
        assertThat(adminOfOther.get("/spaces/" + slug + "/me/data.json").statusCode())
                .isEqualTo(404);
        WebClient api = new WebClient(port);
        assertThat(api.get(
                                "/api/v1/spaces/" + slug + "/me/data",
                                WebClient.basic("camille.referente@" + other, SpaceFixtures.PASSWORD))
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.get(
                                "/api/v1/spaces/" + slug + "/me/data",
                                WebClient.basic("admin", Staff.adminPassword(dataDirectory)))
                        .statusCode())
                .as("staff have no account in a space")
                .isEqualTo(404);
        assertThat(new WebClient(port).get("/spaces/" + slug + "/me/data").statusCode())
                .as("signed out")
                .isEqualTo(302);
    }

    private static void assertNothingOfOthers(String text, String otto, String third) {
        assertThat(text)
                .doesNotContain(otto)
                .doesNotContain("otto.autre")
                .doesNotContain("Otto")
                .doesNotContain(third)
                .doesNotContain("userPassword")
                .doesNotContain("{ARGON2}")
                .doesNotContain("{SSHA}");
    }
}
