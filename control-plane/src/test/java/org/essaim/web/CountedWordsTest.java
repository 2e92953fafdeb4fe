package org.essaim.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.MessageSourceProperties;
import org.springframework.context.MessageSource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts shown to people follow each language's plural rule (ICU): in French 0 and 1 take the singular, in English
 * only 1. Rendered through the application's own message source, with 0, 1 and 2.
 */
class CountedWordsTest {

    private final MessageSource messages = new PluralMessageSource.Messages()
            .messageSource(bundles(
                    "i18n/messages,i18n/members,i18n/usage,i18n/upgrades,i18n/backups,i18n/dashboard,i18n/privacy,"
                            + "i18n/memberimport,i18n/selfcheck,i18n/content"));

    private static MessageSourceProperties bundles(String basenames) {
        MessageSourceProperties settings = new MessageSourceProperties();
        settings.setBasename(List.of(basenames.split(",")));
        settings.setFallbackToSystemLocale(false);
        return settings;
    }

    @Test
    void placesUsedInBothLanguages() {
        assertThat(fr("members.usage.accountsUsed", 0, 50, 50)).isEqualTo("0 place utilisée sur 50 (50 restantes).");
        assertThat(fr("members.usage.accountsUsed", 1, 50, 49)).isEqualTo("1 place utilisée sur 50 (49 restantes).");
        assertThat(fr("members.usage.accountsUsed", 2, 2, 0)).isEqualTo("2 places utilisées sur 2 (0 restante).");
        assertThat(fr("members.usage.accountsUsed", 49, 50, 1)).isEqualTo("49 places utilisées sur 50 (1 restante).");
        assertThat(en("members.usage.accountsUsed", 1, 50, 49)).isEqualTo("1 of 50 places used (49 left).");
    }

    @Test
    void spacesHostedAndDecisionsInBothLanguages() {
        assertThat(fr("dashboard.spaces.capacity.label", 1, 10000, 0))
                .startsWith("1 espace hébergé sur 10")
                .doesNotContain("espaces hébergés");
        assertThat(fr("dashboard.spaces.capacity.label", 0, 10000, 0)).startsWith("0 espace hébergé");
        assertThat(fr("dashboard.spaces.capacity.label", 2, 10000, 0)).startsWith("2 espaces hébergés");
        assertThat(fr("dashboard.queue.share.label", 100, 30, 1, 1, 90))
                .isEqualTo("100 % décidées en 30 jours au plus (1 décision sur 1, 90 derniers jours)");
        assertThat(fr("dashboard.queue.share.label", 50, 1, 0, 2, 1))
                .isEqualTo("50 % décidées en 1 jour au plus (0 décision sur 2, dernier jour)");
        assertThat(en("dashboard.queue.share.label", 50, 1, 0, 1, 1))
                .isEqualTo("50 % decided within 1 day (0 of 1 decision, last day)");
        assertThat(en("dashboard.queue.share.label", 50, 2, 2, 2, 2))
                .isEqualTo("50 % decided within 2 days (2 of 2 decisions, last 2 days)");
    }

    @Test
    void hoursSpacesAndPlacesInBothLanguages() {
        for (int n = 0; n <= 2; n++) {
            String frHours = fr("backup.last", "2026-12-01 10:00", n);
            String enHours = en("backup.last", "2026-12-01 10:00", n);
            assertThat(frHours).endsWith(n <= 1 ? "(il y a " + n + " heure)" : "(il y a " + n + " heures)");
            assertThat(enHours).endsWith(n == 1 ? "(1 hour ago)" : "(" + n + " hours ago)");
            assertThat(fr("upgrades.waves.canary", n)).isEqualTo("Canari : " + n + (n <= 1 ? " espace" : " espaces"));
            assertThat(en("upgrades.waves.canary", n)).isEqualTo("Canary: " + n + (n == 1 ? " space" : " spaces"));
            assertThat(en("usage.quota.placesNow", n, 50, n, 0, 0))
                    .startsWith(n + " of 50 places used: " + n + (n == 1 ? " account " : " accounts "));
            assertThat(fr("usage.quota.placesNow", n, 50, n, 0, 0))
                    .startsWith(n + (n <= 1 ? " place utilisée" : " places utilisées") + " sur 50 : " + n
                            + (n <= 1 ? " compte " : " comptes "));
        }
        assertThat(en("memberimport.preview.over", 1, 0))
                .isEqualTo("No place is left for 1 new account: the rows past the limit are refused.");
        assertThat(fr("memberimport.preview.fitsWithEarlier", 1, 3, 7))
                .isEqualTo(
                        "Un nouveau compte et 7 personnes "
                                + "déjà créées par un import précédent (complétées si besoin), 3 places restantes : tout tient.");
    }

    @Test
    void aCountThatArrivesAsTextIsStillCounted() {
        assertThat(fr("signIn.error.throttled.account", "1")).endsWith("Réessayez dans 1 minute.");
        assertThat(en("signIn.error.throttled.account", "15")).endsWith("Try again in 15 minutes.");
    }

    @Test
    void messagesWithoutPluralsKeepTheirJavaFormatting() {
        assertThat(en("members.placesLeft", 0)).isEqualTo("No place left: the space has reached its account limit.");
        assertThat(fr("members.done.invited", 3)).isEqualTo("3 invitations envoyées.");
        assertThat(fr("confirm.member.remove.title")).isEqualTo("Retirer cette personne ?");
    }

    private String fr(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.FRENCH);
    }

    private String en(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }
}
