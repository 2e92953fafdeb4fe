package org.essaim.member;

import org.essaim.space.resource.OfficeSuite;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.SPACE;

/** On a platform that runs Collabora Online only, a space admin is offered it alone and cannot choose OnlyOffice. */
@EssaimTest
@TestPropertySource(properties = {"essaim.office.suites=COLLABORA",
        "essaim.bootstrap.staff-password=" + OfficeOfferSettingsTest.STAFF_PASSWORD})
class OfficeOfferSettingsTest extends SpaceTestSupport {

    static final String STAFF_PASSWORD = "office-offer-test-staff-9Kp";

    @Test
    void theStaffDashboardSaysWhichSuitesThePlatformRuns() {
        WebClient staff = new WebClient(port);
        staff.signIn("admin", STAFF_PASSWORD);
        String en = staff.get("/staff/dashboard?lang=en").body();
        assertThat(en).contains("id=\"office-suites\"").contains("data-suite=\"COLLABORA\"")
                .doesNotContain("data-suite=\"ONLYOFFICE\"").contains("OnlyOffice is not run");
        assertThat(staff.get("/staff/dashboard?lang=fr").body()).contains("Suites bureautiques")
                .contains("OnlyOffice ne tourne pas");
    }

    @Test
    void theSettingsPageOffersOnlyTheSuitesThePlatformRuns() {
        String slug = fixtures.spaceWithAdmin("offer");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String page = admin.get("/spaces/" + slug + "/settings", "Accept-Language", "en").body();
        assertThat(page).contains("value=\"COLLABORA\"").doesNotContain("value=\"ONLYOFFICE\"")
                .doesNotContain("OnlyOffice");
    }

    @Test
    void aForgedChoiceOfOnlyOfficeIsRefusedInTheAdminsLanguageAndChangesNothing() {
        String slug = fixtures.spaceWithAdmin("forged");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");

        boolean forum = db.fetchValue(SPACE.FORUM_ENABLED, SPACE.SLUG.eq(slug));
        HttpResponse<String> fr = admin.submit("/spaces/" + slug + "/settings", "/spaces/" + slug + "/settings",
                Map.of("officeSuite", "ONLYOFFICE", "forum", Boolean.toString(!forum)));
        assertThat(fr.statusCode()).isEqualTo(400);
        assertThat(fr.body()).contains("Cette plateforme ne propose pas cette suite bureautique")
                .doesNotContain("jwt").doesNotContain("secret");
        assertThat(db.fetchValue(SPACE.OFFICE_SUITE, SPACE.SLUG.eq(slug))).isEqualTo(OfficeSuite.COLLABORA);
        assertThat(db.fetchValue(SPACE.FORUM_ENABLED, SPACE.SLUG.eq(slug))).as("nothing of the form is saved")
                .isEqualTo(forum);
        assertThat(db.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq("space.settings-changed")
                .and(AUDIT_EVENT.TARGET.eq("space:" + slug)))).isFalse();

        admin.submit("/spaces/" + slug + "/settings", "/spaces/" + slug + "/settings",
                Map.of("officeSuite", "COLLABORA", "forum", Boolean.toString(!forum)));
        assertThat(db.fetchValue(SPACE.FORUM_ENABLED, SPACE.SLUG.eq(slug))).as("an offered choice is saved")
                .isEqualTo(!forum);
    }
}
