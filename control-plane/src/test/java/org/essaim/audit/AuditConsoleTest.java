package org.essaim.audit;

import org.essaim.campaign.Campaign;
import org.essaim.campaign.Campaigns;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log page: who did what, when, on what; filtered; staff only. */
@EssaimTest
class AuditConsoleTest {

    @LocalServerPort
    int port;
    @Autowired
    AuditLog auditLog;
    @Autowired
    Campaigns campaigns;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DSLContext db;

    @Test
    void staffSeeEveryActionWithWhoWhatWhenAndOnWhatInTheirLanguage() {
        Campaign campaign = campaigns.create("Audited " + UUID.randomUUID(), null, null, "admin");
        WebClient staff = signedIn("fr");

        String page = staff.get("/staff/audit").body();

        assertThat(page).contains("Journal d’audit").contains("Campagne créée").contains("campaign:" + campaign.id())
                .contains("<td>admin</td>").contains(" UTC</time>");
    }

    @Test
    void filtersByActionActorAndTargetAndEscapesWhatIsShown() {
        String marker = UUID.randomUUID().toString();
        transaction.executeWithoutResult(status -> {
            auditLog.record("camille", AuditAction.APPLICATION_NOTE_ADDED, "application:" + marker, "<script>x</script>");
            auditLog.record("sacha", AuditAction.APPLICATION_ASSIGNED, "application:" + marker, "to camille");
            auditLog.record("camille", AuditAction.CAMPAIGN_OPENED, "campaign:" + marker, null);
        });
        WebClient staff = signedIn("en");

        String byTarget = rows(staff.get("/staff/audit?target=application:" + marker).body());
        assertThat(byTarget).contains("Note added").contains("Reviewer assigned").doesNotContain("Campaign opened")
                .contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x");
        String byAction = rows(staff.get("/staff/audit?action=application.assigned&target=application:" + marker).body());
        assertThat(byAction).contains("Reviewer assigned").doesNotContain("Note added");
        String byActor = rows(staff.get("/staff/audit?actor=camille&target=campaign:" + marker).body());
        assertThat(byActor).contains("Campaign opened");
        assertThat(staff.get("/staff/audit?actor=nobody-" + marker).body()).contains("Nothing matches.");
        assertThat(staff.get("/staff/audit?action=%3Cb%3E").body()).contains("Some filters were not valid")
                .doesNotContain("<b>");
    }

    @Test
    void pagesGoBackInTimeFiftyAtATime() {
        String marker = UUID.randomUUID().toString();
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < 60; i++) {
                auditLog.record("admin", AuditAction.APPLICATION_NOTE_ADDED, "application:" + marker, "note " + i);
            }
        });
        WebClient staff = signedIn("en");

        String first = staff.get("/staff/audit?target=application:" + marker).body();
        assertThat(first).contains("note 59").contains("note 10").doesNotContain("note 9<").contains("id=\"older\"");
        String older = first.replaceAll("(?s).*id=\"older\"\\s+href=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        String second = staff.get(older).body();
        assertThat(second).contains("note 9<").contains("note 0<").doesNotContain("note 10<").doesNotContain("id=\"older\"");
    }

    @Test
    void theAuditLogIsForStaffOnly() {
        assertThat(new WebClient(port).get("/staff/audit").statusCode()).isEqualTo(302);
    }

    /** The table's body: the filter's list of actions names every action too. */
    private static String rows(String page) {
        int start = page.indexOf("<tbody>");
        return start < 0 ? "" : page.substring(start, page.indexOf("</tbody>", start));
    }

    private WebClient signedIn(String language) {
        WebClient staff = new WebClient(port);
        staff.get("/login?lang=" + language);
        assertThat(staff.signIn("admin", Staff.adminPassword(dataDirectory)).statusCode()).isEqualTo(302);
        return staff;
    }
}
