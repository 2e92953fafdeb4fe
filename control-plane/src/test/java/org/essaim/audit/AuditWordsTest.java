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
import org.springframework.context.MessageSource;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;

/**
 * What Essaim writes in the audit log is kept as a wording and its arguments, and read in the reader's language;
 * an entry an older version recorded as English text is shown as it is, marked {@code lang="en"}.
 */
@EssaimTest
class AuditWordsTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DataDirectory dataDirectory;

    @Autowired
    DSLContext db;

    @Autowired
    MessageSource messages;

    @Test
    void aNewEntrysDetailReadsInEachLanguageAndAnOldEnglishOneIsMarkedEnglish() {
        String name = "Zanzibar " + UUID.randomUUID();
        Campaign campaign = campaigns.create(name, "2027-03-01", "40", "admin");
        String target = "campaign:" + campaign.id();
        var row =
                db.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.TARGET.eq(target)).fetchSingle();
        assertThat(row.getDetail()).as("no words kept, only data").isNull();
        assertThat(row.getDetailCode()).isEqualTo(AuditDetail.CAMPAIGN_CREATED_CAPPED_PLANNED.code());
        assertThat(row.getDetailArguments()).containsExactly(name, "40", "2027-03-01");
        db.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.OCCURRED_AT, OffsetDateTime.now())
                .set(AUDIT_EVENT.ACTOR, "admin")
                .set(AUDIT_EVENT.ACTION, "campaign.created")
                .set(AUDIT_EVENT.TARGET, target)
                .set(AUDIT_EVENT.DETAIL, name + ", cap 40, planned 2027-03-01")
                .execute();

        String french = rows(signedIn("fr").get("/staff/audit?target=" + target).body());
        assertThat(french)
                .contains("<td class=\"prose\">" + name + ", au plus 40 candidatures, prévue le 2027-03-01</td>")
                .contains("<td class=\"prose\" lang=\"en\">" + name + ", cap 40, planned 2027-03-01</td>");
        String english =
                rows(signedIn("en").get("/staff/audit?target=" + target).body());
        assertThat(english)
                .contains("<td class=\"prose\">" + name + ", at most 40 applications, planned for 2027-03-01</td>")
                .contains("<td class=\"prose\" lang=\"en\">" + name + ", cap 40, planned 2027-03-01</td>");
    }

    /** Every wording exists in both languages and takes its arguments: nothing is left in braces, nor raw. */
    @Test
    void everyWordingReadsInBothLanguages() {
        AuditWords words = new AuditWords(messages);
        for (AuditDetail wording : AuditDetail.values()) {
            AuditLog.AuditEvent event = new AuditLog.AuditEvent(
                    1,
                    OffsetDateTime.now(),
                    "admin",
                    "campaign.created",
                    null,
                    null,
                    wording.code(),
                    Collections.nCopies(10, "7"));
            String english = words.detail(event, Locale.ENGLISH);
            String french = words.detail(event, Locale.FRENCH);
            assertThat(messages.getMessage(wording.messageKey(), null, null, Locale.ENGLISH))
                    .as(wording + " in English")
                    .isNotNull();
            assertThat(messages.getMessage(wording.messageKey(), null, null, Locale.FRENCH))
                    .as(wording + " in French")
                    .isNotNull();
            assertThat(english)
                    .as(wording + " in English")
                    .isNotBlank()
                    .doesNotContain("{")
                    .doesNotContain("}")
                    .isNotEqualTo("7, 7, 7, 7, 7, 7, 7, 7, 7, 7");
            assertThat(french)
                    .as(wording + " in French")
                    .isNotBlank()
                    .doesNotContain("{")
                    .doesNotContain("}")
                    .isNotEqualTo("7, 7, 7, 7, 7, 7, 7, 7, 7, 7");
        }
        AuditLog.AuditEvent unknown = new AuditLog.AuditEvent(
                1,
                OffsetDateTime.now(),
                "admin",
                "campaign.created",
                null,
                null,
                "from.a.newer.version",
                List.of("a", "3"));
        assertThat(words.detail(unknown, Locale.FRENCH))
                .as("a wording this version does not know")
                .isEqualTo("a, 3");
        AuditLog.AuditEvent failedWave = new AuditLog.AuditEvent(
                1,
                OffsetDateTime.now(),
                "system",
                "upgrade.wave-failed",
                null,
                null,
                AuditDetail.UPGRADE_WAVE_FAILED.code(),
                List.of("2", "1", "3", "32.0.1", "24.04", "5.1.0", "3.3.15", "30"));
        assertThat(words.detail(failedWave, Locale.FRENCH))
                .as("the count of failed spaces chooses the plural")
                .startsWith("vague 2 : 1 espace sur 3 n’était pas prêt avec");
        assertThat(words.detail(failedWave, Locale.ENGLISH)).startsWith("wave 2: 1 of 3 spaces did not report Ready");
        AuditLog.AuditEvent settings = new AuditLog.AuditEvent(
                1,
                OffsetDateTime.now(),
                "admin",
                "space.settings-changed",
                null,
                null,
                AuditDetail.SPACE_SETTINGS_CHANGED.code(),
                List.of("ONLYOFFICE", "true", "false"));
        assertThat(words.detail(settings, Locale.FRENCH))
                .isEqualTo("suite bureautique OnlyOffice, événements activés, forum désactivé");
        assertThat(words.detail(settings, Locale.ENGLISH)).isEqualTo("office suite OnlyOffice, events on, forum off");
        AuditLog.AuditEvent quotas = new AuditLog.AuditEvent(
                1,
                OffsetDateTime.now(),
                "admin",
                "space.quotas-changed",
                null,
                null,
                AuditDetail.SPACE_QUOTAS_CHANGED.code(),
                List.of("1", "40", "60", "40"));
        assertThat(words.detail(quotas, Locale.FRENCH))
                .isEqualTo("1 compte et 40 Gio avant, 60 comptes et 40 Gio désormais");
        assertThat(words.detail(quotas, Locale.ENGLISH))
                .isEqualTo("1 account and 40 GiB before, 60 accounts and 40 GiB now");
        AuditLog.AuditEvent blocked = new AuditLog.AuditEvent(
                1,
                OffsetDateTime.now(),
                "essaim",
                "upgrade.wave-blocked",
                null,
                null,
                AuditDetail.UPGRADE_WAVE_BLOCKED.code(),
                List.of(
                        "3",
                        "8",
                        "a, b, c, d, e",
                        "3",
                        "onlyoffice, richdocuments",
                        "2",
                        "32.0.1",
                        "24.04",
                        "5.1.1",
                        "3.3.15"));
        assertThat(words.detail(blocked, Locale.FRENCH))
                .isEqualTo("vague 3 non lancée : 8 espaces activent onlyoffice, "
                        + "richdocuments (a, b, c, d, e et 3 autres), incompatibles avec l’espace de travail 32.0.1, serveurs "
                        + "bureautiques 24.04, événements 5.1.1, forum 3.3.15");
        assertThat(words.detail(blocked, Locale.ENGLISH))
                .isEqualTo("wave 3 not started: 8 spaces enable onlyoffice, "
                        + "richdocuments (a, b, c, d, e and 3 more), known not to work with workspace 32.0.1, office servers "
                        + "24.04, events 5.1.1, forum 3.3.15");
    }

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
