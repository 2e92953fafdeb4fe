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

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;

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

        assertThat(page)
                .contains("Journal d’audit")
                .contains("Campagne créée")
                .contains("campaign:" + campaign.id())
                .contains("<td>admin</td>")
                .contains("</time>");
    }

    /** Staff read times as everyone else does: their language, the platform's time zone; machines keep UTC ISO. */
    @Test
    void whenIsShownInThePlatformsTimeZoneInTheReadersLanguage() {
        Campaign campaign = campaigns.create("Timed " + UUID.randomUUID(), null, null, "admin");
        OffsetDateTime at = db.select(AUDIT_EVENT.OCCURRED_AT)
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.TARGET.eq("campaign:" + campaign.id()))
                .fetchSingle(AUDIT_EVENT.OCCURRED_AT)
                .withOffsetSameInstant(ZoneOffset.UTC);
        for (Locale language : List.of(Locale.FRENCH, Locale.ENGLISH)) {
            String shown = at.atZoneSameInstant(ZoneId.of("Europe/Paris"))
                    .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                            .withLocale(language));
            String row = rows(signedIn(language.getLanguage())
                    .get("/staff/audit?target=campaign:" + campaign.id())
                    .body());
            assertThat(row)
                    .as(language.getLanguage())
                    .contains("datetime=\"" + at + "\"")
                    .contains(">" + shown + "</time>")
                    .doesNotContain("UTC")
                    .doesNotContain(
                            at.toLocalDateTime().toString().substring(0, 16).replace('T', ' '));
        }
    }

    /** An application is named in words, as every other target is, and links to its page; the code stays as data. */
    @Test
    void anApplicationTargetIsNamedInTheReadersLanguage() {
        long id = 900_000 + (long) (Math.random() * 100_000);
        transaction.executeWithoutResult(
                status -> auditLog.record("camille", AuditAction.APPLICATION_NOTE_ADDED, "application:" + id, null));
        String link = "<a href=\"/staff/applications/" + id + "\"\\s+data-target=\"application:" + id + "\">";
        assertThat(rows(signedIn("fr")
                        .get("/staff/audit?target=application:" + id)
                        .body()))
                .containsPattern(link + "Candidature " + id + "</a>")
                .doesNotContain(">application:" + id + "<");
        assertThat(rows(signedIn("en")
                        .get("/staff/audit?target=application:" + id)
                        .body()))
                .containsPattern(link + "Application " + id + "</a>");
    }

    @Test
    void filtersByActionActorAndTargetAndEscapesWhatIsShown() {
        String marker = UUID.randomUUID().toString();
        transaction.executeWithoutResult(status -> {
            auditLog.record(
                    "camille", AuditAction.APPLICATION_NOTE_ADDED, "application:" + marker, "<script>x</script>");
            auditLog.record("sacha", AuditAction.APPLICATION_ASSIGNED, "application:" + marker, "to camille");
            auditLog.record("camille", AuditAction.CAMPAIGN_OPENED, "campaign:" + marker, null);
        });
        WebClient staff = signedIn("en");

        String byTarget =
                rows(staff.get("/staff/audit?target=application:" + marker).body());
        assertThat(byTarget)
                .contains("Note added")
                .contains("Reviewer assigned")
                .doesNotContain("Campaign opened")
                .contains("&lt;script&gt;x&lt;/script&gt;")
                .doesNotContain("<script>x");
        String byAction = rows(staff.get("/staff/audit?action=application.assigned&target=application:" + marker)
                .body());
        assertThat(byAction).contains("Reviewer assigned").doesNotContain("Note added");
        String byActor = rows(staff.get("/staff/audit?actor=camille&target=campaign:" + marker)
                .body());
        assertThat(byActor).contains("Campaign opened");
        assertThat(staff.get("/staff/audit?actor=nobody-" + marker).body()).contains("Nothing matches.");
        assertThat(staff.get("/staff/audit?action=%3Cb%3E").body())
                .contains("Some filters were not valid")
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
        assertThat(first)
                .contains("note 59")
                .contains("note 10")
                .doesNotContain("note 9<")
                .contains("id=\"older\"");
        String older = first.replaceAll("(?s).*id=\"older\"\\s+href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        String second = staff.get(older).body();
        assertThat(second)
                .contains("note 9<")
                .contains("note 0<")
                .doesNotContain("note 10<")
                .doesNotContain("id=\"older\"");
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
        assertThat(staff.signIn("admin", Staff.adminPassword(dataDirectory)).statusCode())
                .isEqualTo(302);
        return staff;
    }
}
