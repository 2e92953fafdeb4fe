package org.essaim.member;

import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;

/** The space API: its admins' HTTP Basic names, the four calls, per-field errors, and staff's read-only support. */
@EssaimTest
class MemberApiTest extends SpaceTestSupport {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void anAdminListsCreatesInvitesAndReadsUsage() {
        String slug = fixtures.spaceWithAdmin("api");
        WebClient api = new WebClient(port);
        String[] byUid = WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD);
        String[] byEmail = WebClient.basic(SpaceFixtures.referent(slug) + "@" + slug, SpaceFixtures.PASSWORD);

        HttpResponse<String> list = api.get("/api/v1/spaces/" + slug + "/members", byEmail);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"uid\":\"camille.referente\"").contains("\"admin\":true");

        HttpResponse<String> bad = api.postJson(
                "/api/v1/spaces/" + slug + "/members",
                "{\"displayName\": \"\", \"email\": \"nope\"}",
                SpaceFixtures.concat(byUid, "Accept-Language", "en"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"displayName\"").contains("\"field\":\"email\"");

        HttpResponse<String> created = api.postJson(
                "/api/v1/spaces/" + slug + "/members",
                "{\"displayName\": \"Hélène (trésorière)\", \"email\": \"helene-" + slug + "@example.org\"}",
                byUid);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"uid\":\"helene.tresoriere\"").contains("\"admin\":false");
        assertThat(fixtures.mailsTo("helene-" + slug + "@example.org")).isEqualTo(1);
        HttpResponse<String> again = api.postJson(
                "/api/v1/spaces/" + slug + "/members",
                "{\"displayName\": \"Hélène\", \"email\": \"HELENE-" + slug + "@example.org\"}",
                byUid);
        assertThat(again.statusCode())
                .as("already a member: 409, as the OpenAPI document says")
                .isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> invited = api.postJson(
                "/api/v1/spaces/" + slug + "/invitations",
                "{\"emails\": [\"i1-" + slug + "@example.org\", \"i2-" + slug + "@example.org\"], \"admin\": true}",
                byUid);
        assertThat(invited.statusCode()).isEqualTo(201);
        assertThat(invited.body()).contains("\"placesLeft\":46");

        HttpResponse<String> badEmails = api.postJson(
                "/api/v1/spaces/" + slug + "/invitations",
                "{\"emails\": [\"ok@example.org\", \"*)(uid=*\", \"also bad\"]}",
                byUid);
        assertThat(badEmails.statusCode()).isEqualTo(400);
        assertThat(badEmails.body()).contains("*)(uid=*").contains("also");

        HttpResponse<String> usage = api.get("/api/v1/spaces/" + slug + "/usage", byUid);
        assertThat(usage.body())
                .contains("\"quota\":50")
                .contains("\"used\":4")
                .contains("\"people\":2")
                .contains("\"pendingInvitations\":2")
                .contains("\"usedBytes\":null")
                .contains("\"known\":false");

        assertThat(api.get(
                                "/api/v1/spaces/" + slug + "/members",
                                WebClient.basic("camille.referente@" + slug, "wrong password"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/staff/spaces", byUid).statusCode())
                .as("no staff API for space accounts")
                .isEqualTo(403);
    }

    @Test
    void staffReadForSupportAndEachReadIsAuditedButChangeNothing() {
        String slug = fixtures.spaceWithAdmin("sup");
        String[] staff = WebClient.basic("admin", Staff.adminPassword(dataDirectory));
        WebClient api = new WebClient(port);

        assertThat(api.get("/api/v1/spaces/" + slug + "/usage", staff).statusCode())
                .isEqualTo(200);
        assertThat(db.fetchExists(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("member.support-read")
                                .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                                .and(AUDIT_EVENT.ACTOR.eq("admin"))))
                .isTrue();
        assertThat(api.postJson("/api/v1/spaces/" + slug + "/invitations", "{\"emails\": [\"s@example.org\"]}", staff)
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/spaces/no-such-space/usage", staff).statusCode())
                .isEqualTo(404);
    }
}
