package org.essaim.member;

import org.essaim.ldap.SpacePerson;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * The referent's invitation on approval, accepting it, signing in to the space, inviting people and what a link
 * does when guessed, reused, expired or revoked; bad names and passwords write nothing.
 */
@EssaimTest
class InvitationsTest extends SpaceTestSupport {

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void theReferentIsInvitedOnceOnApprovalAndBecomesTheFirstAdmin() {
        String slug = fixtures.approvedSpace("ref");
        String referent = SpaceFixtures.referent(slug);
        assertThat(fixtures.mailsTo(referent)).isEqualTo(1);
        String token = fixtures.invitationToken(referent);

        String page = new WebClient(port).get("/invitations/" + token, "Accept-Language", "en").body();
        assertThat(page).contains("Les Amis de " + slug).contains("from 12 to 256 characters")
                .contains("as an admin of this space");

        HttpResponse<String> accepted = fixtures.accept(token, "Camille Référente", SpaceFixtures.PASSWORD);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("id=\"accepted\"");
        SpacePerson admin = spaceMembers.findByEmail(slug, referent).orElseThrow();
        assertThat(admin.uid()).isEqualTo("camille.referente");
        assertThat(admin.admin()).isTrue();
        assertThat(spaceMembers.members(slug, "admins")).hasSize(1);

        HttpResponse<String> again = fixtures.accept(token, "Camille Référente", SpaceFixtures.PASSWORD);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("id=\"outcome\"");
        assertThat(spaceMembers.count(slug)).isEqualTo(1);

        // The account signs in by uid or email, with the slug or the full address.
        assertThat(fixtures.signedIn(slug, "camille.referente").get("/spaces/" + slug).statusCode()).isEqualTo(200);
        WebClient byEmail = fixtures.signedIn(slug + ".essaim.local", referent);
        assertThat(byEmail.get("/spaces/" + slug + "/members", "Accept-Language", "en").body())
                .contains("camille.referente").contains(referent);
        assertThat(db.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq("member.invitation-accepted")
                .and(AUDIT_EVENT.TARGET.eq("space:" + slug)))).isTrue();
    }

    @Test
    void anAdminInvitesSeveralAddressesAndEachAcceptsWithNameRules() {
        String slug = fixtures.spaceWithAdmin("inv");
        WebClient admin = fixtures.signedIn(slug, SpaceFixtures.referent(slug));
        String a = "a-" + slug + "@example.org";
        String b = "b-" + slug + "@example.org";

        HttpResponse<String> refused = admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations",
                Map.of("emails", a + "; not-an-email, " + b));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("not-an-email");
        assertThat(db.fetchCount(MEMBER_INVITATION, MEMBER_INVITATION.EMAIL.in(a, b))).as("all or nothing").isZero();

        HttpResponse<String> sent = admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations",
                Map.of("emails", a + "\n" + b));
        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(fixtures.mailsTo(a)).isEqualTo(1);
        assertThat(admin.get("/spaces/" + slug + "/invitations", "Accept-Language", "en").body())
                .contains("47 places left").contains(a).contains(b);

        HttpResponse<String> duplicate = admin.submit("/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations", Map.of("emails", a));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("data-code=\"members.invite.alreadyInvited\"");

        String token = fixtures.invitationToken(a);
        String special = "Zoé *()\\,+=<>#;\" Martin";
        HttpResponse<String> weak = fixtures.accept(token, special, "short");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(spaceMembers.findByEmail(slug, a)).as("a refused password writes nothing").isEmpty();
        HttpResponse<String> markup = fixtures.accept(token, "<b>bold</b>", SpaceFixtures.PASSWORD);
        assertThat(markup.statusCode()).isEqualTo(400);

        assertThat(fixtures.accept(token, special, SpaceFixtures.PASSWORD).statusCode()).isEqualTo(200);
        SpacePerson zoe = spaceMembers.findByEmail(slug, a).orElseThrow();
        assertThat(zoe.displayName()).isEqualTo(special);
        assertThat(zoe.uid()).isEqualTo("zoe.martin");
        assertThat(zoe.admin()).isFalse();
        assertThat(spaceMembers.signIn(slug, "zoe.martin", SpaceFixtures.PASSWORD)).isTrue();
    }

    /**
     * What the audit log says of invitations is kept as a wording and its data, and read in the reader's language:
     * the referent's invitation on approval, an admin's invitation of several admins, and each acceptance.
     */
    @Test
    void invitationsReadInTheAuditLogsLanguage() {
        String slug = fixtures.approvedSpace("aud");
        String referent = SpaceFixtures.referent(slug);
        fixtures.accept(fixtures.invitationToken(referent), "Camille Référente", SpaceFixtures.PASSWORD);
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String a = "a-" + slug + "@example.org";
        String b = "b-" + slug + "@example.org";
        assertThat(admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations",
                Map.of("emails", a + "\n" + b, "asAdmin", "true")).statusCode()).isEqualTo(302);
        fixtures.accept(fixtures.invitationToken(a), "Alix Arnaud", SpaceFixtures.PASSWORD);

        assertThat(db.fetch(AUDIT_EVENT, AUDIT_EVENT.TARGET.eq("space:" + slug)
                        .and(AUDIT_EVENT.ACTION.in("member.invited", "member.invitation-accepted"))))
                .as("no words kept, only data").hasSize(4).allSatisfy(row -> {
                    assertThat(row.getDetail()).isNull();
                    assertThat(row.getDetailCode()).isNotNull();
                });
        String french = staffAudit(slug, "fr");
        assertThat(french).contains("le ou la référente, comme premier admin : " + referent)
                .contains("comme admins : " + a + ", " + b).contains("admin camille.referente")
                .contains("admin alix.arnaud").doesNotContain("lang=\"en\"");
        String english = staffAudit(slug, "en");
        assertThat(english).contains("the referent, as the first admin: " + referent)
                .contains("as admins: " + a + ", " + b).contains("admin alix.arnaud");
    }

    private String staffAudit(String slug, String language) {
        WebClient staff = new WebClient(port);
        staff.get("/login?lang=" + language);
        assertThat(staff.signIn("admin", Staff.adminPassword(dataDirectory)).statusCode()).isEqualTo(302);
        String page = staff.get("/staff/audit?target=space:" + slug).body();
        int start = page.indexOf("<tbody>");
        return start < 0 ? "" : page.substring(start, page.indexOf("</tbody>", start));
    }

    @Test
    void guessedExpiredAndRevokedLinksWriteNothing() {
        String slug = fixtures.spaceWithAdmin("links");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String c = "c-" + slug + "@example.org";
        String d = "d-" + slug + "@example.org";
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", c + "," + d));

        String guessed = "A".repeat(43);
        assertThat(new WebClient(port).get("/invitations/" + guessed).statusCode()).isEqualTo(404);
        assertThat(new WebClient(port).get("/invitations/not-even-a-token").statusCode()).isEqualTo(404);

        long id = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(d));
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations/" + id + "/revoke", Map.of("confirmed", "true"));
        HttpResponse<String> revoked = fixtures.accept(fixtures.invitationToken(d), "Dora", SpaceFixtures.PASSWORD);
        assertThat(revoked.statusCode()).isEqualTo(410);
        assertThat(spaceMembers.findByEmail(slug, d)).isEmpty();

        String token = fixtures.invitationToken(c);
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        HttpResponse<String> expired = fixtures.accept(token, "Cécile", SpaceFixtures.PASSWORD);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("id=\"outcome\"");
        assertThat(spaceMembers.findByEmail(slug, c)).isEmpty();

        // Sent again: a new link, and the old one stays dead.
        long cId = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(c));
        WebClient later = fixtures.signedIn(slug, "camille.referente");
        later.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations/" + cId + "/resend", Map.of());
        assertThat(fixtures.invitationToken(c)).isNotEqualTo(token);
        assertThat(fixtures.accept(token, "Cécile", SpaceFixtures.PASSWORD).statusCode()).isEqualTo(404);
        assertThat(fixtures.accept(fixtures.invitationToken(c), "Cécile", SpaceFixtures.PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aDisabledAccountCannotSignInAndTheLastAdminIsKept() {
        String slug = fixtures.spaceWithAdmin("dis");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String e = "e-" + slug + "@example.org";
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", e));
        fixtures.accept(fixtures.invitationToken(e), "Eve", SpaceFixtures.PASSWORD);

        HttpResponse<String> lastAdmin = admin.submit("/spaces/" + slug + "/members",
                "/spaces/" + slug + "/members/camille.referente/demote", Map.of("confirmed", "true"));
        assertThat(lastAdmin.statusCode()).isEqualTo(409);
        assertThat(spaceMembers.find(slug, "camille.referente").orElseThrow().admin()).isTrue();

        WebClient eve = fixtures.signedIn(slug, "eve");
        assertThat(eve.get("/spaces/" + slug).statusCode()).isEqualTo(200);
        assertThat(eve.get("/spaces/" + slug + "/members").statusCode()).as("members are not admins").isEqualTo(403);

        admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members/eve/disable", Map.of("confirmed", "true"));
        HttpResponse<String> afterDisabling = eve.get("/spaces/" + slug);
        assertThat(afterDisabling.statusCode()).as("takes effect at once: her session is ended").isEqualTo(302);
        assertThat(afterDisabling.headers().firstValue("Location").orElseThrow()).contains("/login");
        HttpResponse<String> signIn = new WebClient(port).submit("/login", "/login",
                Map.of("space", slug, "username", "eve", "password", SpaceFixtures.PASSWORD));
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).contains("error=credentials")
                .contains("space=" + slug);

        admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members/eve/enable", Map.of());
        admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members/eve/promote", Map.of());
        assertThat(fixtures.signedIn(slug, "eve").get("/spaces/" + slug + "/members").statusCode()).isEqualTo(200);
        admin.submit("/spaces/" + slug + "/members", "/spaces/" + slug + "/members/eve/remove", Map.of("confirmed", "true"));
        assertThat(spaceMembers.find(slug, "eve")).isEmpty();
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.TARGET.eq("space:" + slug)
                .and(AUDIT_EVENT.ACTOR.eq("camille.referente@" + slug)))).isGreaterThanOrEqualTo(5);
    }
}
