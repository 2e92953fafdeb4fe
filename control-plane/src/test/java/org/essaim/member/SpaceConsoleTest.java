package org.essaim.member;

import org.essaim.platform.DataDirectory;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.MEMBER_INVITATION;
import static org.essaim.db.Tables.SPACE;
import static org.essaim.db.Tables.SPACE_USAGE;

/** The admin's console beyond invitations: join link, direct creation, settings, progress, usage; the profile. */
@EssaimTest
class SpaceConsoleTest extends SpaceTestSupport {

    private static final Pattern JOIN_LINK = Pattern.compile("/join/([A-Za-z0-9_-]{43})");

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void aJoinLinkSignUpWaitsForApprovalAndRotatingKillsTheOldLink() {
        String slug = fixtures.spaceWithAdmin("join");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String token = makeJoinLink(admin, slug);

        WebClient visitor = new WebClient(port);
        assertThat(visitor.get("/join/" + token).body()).contains("Les Amis de " + slug);
        String j = "j-" + slug + "@example.org";
        HttpResponse<String> bad = visitor.submit("/join/" + token, "/join/" + token,
                Map.of("displayName", "Jo", "email", "not an email"));
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> asked = visitor.submit("/join/" + token, "/join/" + token,
                Map.of("displayName", "Jo Nas", "email", j));
        assertThat(asked.body()).contains("id=\"requested\"");
        assertThat(fixtures.mailsTo(j)).as("nothing sent before an admin approves").isZero();
        assertThat(db.fetchValue(MEMBER_INVITATION.STATE, MEMBER_INVITATION.EMAIL.eq(j))).isEqualTo(InvitationState.AWAITING_APPROVAL);
        assertThat(admin.get("/spaces/" + slug + "/usage", "Accept-Language", "en").body())
                .contains("Requests to join waiting for approval: 1");

        long id = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(j));
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations/" + id + "/approve", Map.of());
        assertThat(fixtures.accept(fixtures.invitationToken(j), "Jo Nas", SpaceFixtures.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(spaceMembers.find(slug, "jo.nas")).isPresent();

        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of("confirmed", "true"));
        assertThat(visitor.get("/join/" + token).statusCode()).as("rotated").isEqualTo(404);
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link/off", Map.of("confirmed", "true"));
        assertThat(admin.get("/spaces/" + slug + "/invitations", "Accept-Language", "en").body())
                .contains("There is no join link");
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.TARGET.eq("space:" + slug)
                .and(AUDIT_EVENT.ACTION.in("member.join-link-created", "member.join-link-disabled",
                        "member.join-request-approved")))).isEqualTo(4);
    }

    @Test
    void aDirectlyCreatedAccountSetsItsOwnPasswordOnceWithItsLink() {
        String slug = fixtures.spaceWithAdmin("direct");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String k = "k-" + slug + "@example.org";
        HttpResponse<String> created = admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members",
                Map.of("displayName", "Karim #1, \"le trésorier\"", "email", k));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(spaceMembers.find(slug, "karim.1.le.tresorier")).isPresent();
        HttpResponse<String> twice = admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members",
                Map.of("displayName", "Karim", "email", k.toUpperCase()));
        assertThat(twice.statusCode()).isEqualTo(400);

        String token = fixtures.passwordToken(k);
        String link = "/password/link/" + token;
        WebClient karim = new WebClient(port);
        assertThat(karim.get(link, "Accept-Language", "en").body())
                .contains("Your user name is karim.1.le.tresorier").contains("from 12 to 256 characters");
        HttpResponse<String> weak = karim.submit(link, link,
                Map.of("password", "karim.1.le.tresorier!", "confirmation", "karim.1.le.tresorier!"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(spaceMembers.signIn(slug, "karim.1.le.tresorier", "karim.1.le.tresorier!")).isFalse();
        karim.submit(link, link, Map.of("password", SpaceFixtures.PASSWORD, "confirmation", SpaceFixtures.PASSWORD));
        assertThat(spaceMembers.signIn(slug, "karim.1.le.tresorier", SpaceFixtures.PASSWORD)).isTrue();
        assertThat(karim.get(link).statusCode()).as("single use").isEqualTo(410);
        assertThat(karim.get("/password/link/" + "B".repeat(43)).statusCode()).isEqualTo(404);
        assertThat(db.fetchValue(MAIL_OUTBOX.TEMPLATE, MAIL_OUTBOX.RECIPIENT.eq(k))).as("the welcome email")
                .isEqualTo("member-welcome");
    }

    @Test
    void settingsReachTheSpaceResourceAndAdminsSeeProgressAndUsage() {
        String slug = fixtures.spaceWithAdmin("set");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        SpaceFixtures.awaitTrue(() -> Files.exists(manifests), "manifests written");

        String overview = admin.get("/spaces/" + slug, "Accept-Language", "en").body();
        assertThat(overview).contains("data-component=\"Directory\" data-status=\"True\"")
                .contains("1 of 50 places used (49 left)");
        // The self-check in plain words, in the admin's language.
        assertThat(overview).contains("Do your services work?")
                .contains("The workspace cannot be checked: this installation does not run the services (test mode).");
        // Plain words for admins, in their language: no provisioner reasons, messages, paths, DNs or databases.
        String french = admin.get("/spaces/" + slug, "Accept-Language", "fr").body().replaceAll("<[^>]+>", " ");
        assertThat(french).contains("Où en est votre espace").contains("Les comptes de vos membres : prêt.")
                .contains("pas démarré, car cette installation ne fait pas tourner les services (mode test)")
                .doesNotContain("NotApplied").doesNotContain("(Applied)").doesNotContain("manifests")
                .doesNotContain("ou=").doesNotContain("dc=").doesNotContain("PostgreSQL").doesNotContain("namespace")
                .doesNotContain("Espace de noms").doesNotContain("No tenant").doesNotContain("Not checked");
        assertThat(admin.get("/staff/spaces/" + slug).statusCode()).as("the detail stays on the staff page")
                .isIn(302, 403);
        assertThat(admin.get("/spaces/" + slug, "Accept-Language", "fr").body())
                .contains("Vos services fonctionnent-ils ?")
                .contains("L’espace de travail ne peut pas être vérifié : cette installation ne fait pas tourner");
        String usage = admin.get("/spaces/" + slug + "/usage", "Accept-Language", "fr").body();
        assertThat(usage).contains("encore inconnu").contains("40 Gio").doesNotContain(" 0 Gio");
        long spaceId = db.fetchValue(SPACE.ID, SPACE.SLUG.eq(slug));
        db.insertInto(SPACE_USAGE).set(SPACE_USAGE.SPACE_ID, spaceId).set(SPACE_USAGE.STORAGE_USED_BYTES, 13L << 29)
                .set(SPACE_USAGE.STORAGE_MEASURED_AT, java.time.OffsetDateTime.now()).execute();
        assertThat(admin.get("/spaces/" + slug + "/usage", "Accept-Language", "en").body())
                .as("the usage job's last figure").contains("Storage used: 6.5 GiB of 40 GiB.");

        HttpResponse<String> bad = admin.submit("/spaces/" + slug + "/settings", "/spaces/" + slug + "/settings",
                Map.of("officeSuite", "WORD"));
        assertThat(bad.statusCode()).isEqualTo(400);
        admin.submit("/spaces/" + slug + "/settings", "/spaces/" + slug + "/settings",
                Map.of("officeSuite", "ONLYOFFICE", "forum", "true"));
        assertThat(db.fetchValue(SPACE.OFFICE_SUITE, SPACE.SLUG.eq(slug))).isEqualTo(OfficeSuite.ONLYOFFICE);
        assertThat(admin.get("/spaces/" + slug + "/settings", "Accept-Language", "en").body())
                .as("the page shows the saved choice").containsPattern("value=\"ONLYOFFICE\"[^>]*checked")
                .doesNotContainPattern("value=\"COLLABORA\"[^>]*checked");
        assertThat(db.fetchValue(SPACE.EVENTS_ENABLED, SPACE.SLUG.eq(slug))).isFalse();
        SpaceFixtures.awaitTrue(() -> read(manifests).contains("value: \"ONLYOFFICE\""), "the change reached provisioning");
        assertThat(db.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq("space.settings-changed")
                .and(AUDIT_EVENT.ACTOR.eq("camille.referente@" + slug)))).isTrue();
    }

    @Test
    void aMemberChangesTheirNameAndPasswordOnTheirProfile() {
        String slug = fixtures.spaceWithAdmin("prof");
        WebClient me = fixtures.signedIn(slug, "camille.referente");
        assertThat(me.get("/profile", "Accept-Language", "en").body()).contains(SpaceFixtures.referent(slug));

        me.submit("/profile", "/profile", Map.of("displayName", "Camille *()"));
        assertThat(spaceMembers.find(slug, "camille.referente").orElseThrow().displayName())
                .isEqualTo("Camille *()");

        HttpResponse<String> wrong = me.submit("/profile", "/profile/password",
                Map.of("currentPassword", "not it at all", "password", "a brand new long secret",
                        "confirmation", "a brand new long secret"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("members.password.wrongCurrent");
        HttpResponse<String> weak = me.submit("/profile", "/profile/password",
                Map.of("currentPassword", SpaceFixtures.PASSWORD, "password", "short", "confirmation", "short"));
        assertThat(weak.body()).contains("password.refusal.TOO_SHORT").contains("id=\"password-error\"");
        HttpResponse<String> guessable = me.submit("/profile", "/profile/password", Map.of("currentPassword",
                SpaceFixtures.PASSWORD, "password", "password1234", "confirmation", "password1234"));
        assertThat(guessable.statusCode()).isEqualTo(400);
        assertThat(guessable.body()).contains("Trop facile à deviner.");
        HttpResponse<String> unconfirmed = me.submit("/profile", "/profile/password", Map.of("currentPassword",
                SpaceFixtures.PASSWORD, "password", "a brand new long secret", "confirmation", "a brand new long"));
        assertThat(unconfirmed.body()).contains("id=\"confirmation-error\"").contains("Les deux mots de passe diffèrent");
        me.submit("/profile", "/profile/password", Map.of("currentPassword", SpaceFixtures.PASSWORD,
                "password", "a brand new long secret", "confirmation", "a brand new long secret"));
        assertThat(spaceMembers.signIn(slug, "camille.referente", "a brand new long secret")).isTrue();
        assertThat(new WebClient(port).get("/profile").statusCode()).as("signed-in only").isEqualTo(302);
    }

    @Test
    void aJoinLinkExpiresAfterSevenDays() {
        String slug = fixtures.spaceWithAdmin("jexp");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String token = makeJoinLink(admin, slug);
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(new WebClient(port).get("/join/" + token).statusCode()).isEqualTo(404);
    }

    /** Makes the join link and reads it where it is shown, once: on the page after the redirect. */
    private static String makeJoinLink(WebClient admin, String slug) {
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of());
        Matcher link = JOIN_LINK.matcher(admin.get("/spaces/" + slug + "/invitations").body());
        assertThat(link.find()).isTrue();
        assertThat(JOIN_LINK.matcher(admin.get("/spaces/" + slug + "/invitations").body()).find())
                .as("shown once").isFalse();
        return link.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
