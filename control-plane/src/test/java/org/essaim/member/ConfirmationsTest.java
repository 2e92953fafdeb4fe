package org.essaim.member;

import org.essaim.campaign.CampaignState;
import org.essaim.campaign.Campaigns;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MEMBER_INVITATION;
import static org.essaim.db.Tables.SPACE;

/**
 * Every destructive form asks first, without JavaScript: posted as the page's form posts it (no {@code confirmed}),
 * the server answers a page saying what will happen, with a button that posts again with {@code confirmed=true}
 * and a way back; nothing has changed yet. The same page answers a GET on the action's address.
 */
@EssaimTest
class ConfirmationsTest extends SpaceTestSupport {

    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    Campaigns campaigns;

    @Test
    void removingDisablingAndDemotingAMemberAskFirstAndSayWhatHappens() {
        String slug = fixtures.spaceWithAdmin("conf");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        spaceMembers.create(slug, "eve", "Ève Martin", "eve@" + slug + ".example.org");
        spaceMembers.promote(slug, "eve");
        String people = "/spaces/" + slug + "/members";

        for (String action : new String[] {"demote", "disable", "remove"}) {
            String path = people + "/eve/" + action;
            HttpResponse<String> asked = admin.submit(people, path, Map.of());
            assertConfirmation(asked, path, people);
            assertThat(admin.get(path, "Accept-Language", "fr").body()).as("the same page by GET")
                    .contains("id=\"consequence\"").contains("Ève Martin (eve)");
        }
        assertThat(admin.get(people + "/eve/remove", "Accept-Language", "en").body())
                .contains("Ève Martin (eve) will be signed out at once and their account will be deleted")
                .contains("This cannot be undone");
        assertThat(spaceMembers.find(slug, "eve")).as("nothing done before confirming")
                .hasValueSatisfying(eve -> {
                    assertThat(eve.admin()).isTrue();
                    assertThat(eve.disabled()).isFalse();
                });

        admin.submit(people, people + "/eve/demote", Map.of("confirmed", "true"));
        admin.submit(people, people + "/eve/disable", Map.of("confirmed", "true"));
        assertThat(spaceMembers.find(slug, "eve")).hasValueSatisfying(eve -> {
            assertThat(eve.admin()).isFalse();
            assertThat(eve.disabled()).isTrue();
        });
        HttpResponse<String> removed = admin.submit(people, people + "/eve/remove", Map.of("confirmed", "true"));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(spaceMembers.find(slug, "eve")).isEmpty();

        // Giving takes nothing away: no second step.
        spaceMembers.create(slug, "otto", "Otto", "otto@" + slug + ".example.org");
        assertThat(admin.submit(people, people + "/otto/promote", Map.of()).statusCode()).isEqualTo(302);
        // Giving up one's own role is said as such.
        assertThat(admin.get(people + "/camille.referente/demote", "Accept-Language", "en").body())
                .contains("Give up your admin role?");
    }

    @Test
    void withdrawingAnInvitationAndTurningTheJoinLinkOffAskFirst() {
        String slug = fixtures.spaceWithAdmin("confinv");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String page = "/spaces/" + slug + "/invitations";
        String guest = "guest@" + slug + ".example.org";
        admin.submit(page, page, Map.of("emails", guest));
        long id = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(guest));

        // Dates shown to the admin: their language, the platform's time zone, not UTC ISO.
        java.time.OffsetDateTime expires = db.fetchValue(MEMBER_INVITATION.EXPIRES_AT, MEMBER_INVITATION.ID.eq(id));
        String shown = expires.atZoneSameInstant(java.time.ZoneId.of("Europe/Paris")).format(
                java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.LONG,
                        java.time.format.FormatStyle.SHORT).withLocale(java.util.Locale.FRENCH));
        assertThat(admin.get(page, "Accept-Language", "fr").body()).contains(shown).doesNotContain(" UTC")
                .doesNotContain(expires.toLocalDate().toString());
        String revoke = page + "/" + id + "/revoke";
        HttpResponse<String> asked = admin.submit(page, revoke, Map.of());
        assertConfirmation(asked, revoke, page);
        assertThat(asked.body()).contains(guest);
        assertThat(db.fetchValue(MEMBER_INVITATION.STATE, MEMBER_INVITATION.ID.eq(id))).isEqualTo(InvitationState.PENDING);
        admin.submit(page, revoke, Map.of("confirmed", "true"));
        assertThat(db.fetchValue(MEMBER_INVITATION.STATE, MEMBER_INVITATION.ID.eq(id))).isEqualTo(InvitationState.REVOKED);

        assertThat(admin.submit(page, "/spaces/" + slug + "/join-link", Map.of()).statusCode())
                .as("the first link replaces nothing").isEqualTo(302);
        String rotate = "/spaces/" + slug + "/join-link";
        assertConfirmation(admin.submit(page, rotate, Map.of()), rotate, page);
        String off = "/spaces/" + slug + "/join-link/off";
        assertConfirmation(admin.submit(page, off, Map.of()), off, page);
        assertThat(admin.get(page, "Accept-Language", "en").body()).doesNotContain("There is no join link");
        admin.submit(page, off, Map.of("confirmed", "true"));
        assertThat(admin.get(page, "Accept-Language", "en").body()).contains("There is no join link");
    }

    @Test
    void suspendingASpaceAndClosingACampaignAskStaffFirst() {
        String slug = fixtures.approvedSpace("confstaff");
        WebClient staff = new WebClient(port);
        assertThat(staff.signIn("admin", Staff.adminPassword(dataDirectory)).statusCode()).isEqualTo(302);
        String space = "/staff/spaces/" + slug;
        HttpResponse<String> asked = staff.submit(space, space + "/suspend", Map.of());
        assertConfirmation(asked, space + "/suspend", space);
        assertThat(asked.body()).contains(SpaceFixtures.referent(slug));
        assertThat(db.fetchValue(SPACE.SUSPENDED, SPACE.SLUG.eq(slug))).isFalse();
        staff.submit(space, space + "/suspend", Map.of("confirmed", "true"));
        assertThat(db.fetchValue(SPACE.SUSPENDED, SPACE.SLUG.eq(slug))).isTrue();

        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        long id = campaigns.create("Confirm " + slug, LocalDate.now().plusDays(3).toString(), "10", "admin").id();
        campaigns.open(id, "admin");
        String close = "/staff/campaigns/" + id + "/close";
        HttpResponse<String> closing = staff.submit("/staff/campaigns", close, Map.of());
        assertConfirmation(closing, close, "/staff/campaigns");
        assertThat(closing.body()).contains("Confirm " + slug);
        assertThat(campaigns.find(id).state()).isEqualTo(CampaignState.OPEN);
        staff.submit("/staff/campaigns", close, Map.of("confirmed", "true"));
        assertThat(campaigns.find(id).state()).isEqualTo(CampaignState.CLOSED);
    }

    /** A confirmation page: 200, what will happen, a form posting to the same action with confirmed=true, a way back. */
    private static void assertConfirmation(HttpResponse<String> page, String action, String cancel) {
        assertThat(page.statusCode()).as(action).isEqualTo(200);
        assertThat(page.body()).contains("id=\"confirmation\"").contains("id=\"consequence\"")
                .contains("action=\"" + action + "\"")
                .contains("name=\"confirmed\" value=\"true\"")
                .contains("id=\"cancel\"").contains("href=\"" + cancel + "\"")
                .doesNotContain("confirm.").doesNotContain("??");
    }
}
