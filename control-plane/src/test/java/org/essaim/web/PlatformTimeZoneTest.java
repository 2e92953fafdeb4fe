package org.essaim.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code essaim.platform.time-zone}: one typed setting, Europe/Paris when unset, and what every page shows. */
class PlatformTimeZoneTest {

    private static PlatformPolicySettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("essaim.platform", Bindable.of(PlatformPolicySettings.class));
    }

    @Test
    void unsetIsParisAndASetZoneIsTaken() {
        assertThat(bind(Map.of()).timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(bind(Map.of("essaim.platform.contact-email", "x@example.org"))
                        .timeZone())
                .isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(bind(Map.of("essaim.platform.time-zone", "America/Montreal")).timeZone())
                .isEqualTo(ZoneId.of("America/Montreal"));
    }

    @Test
    void aMistypedZoneStopsTheStartWithTheSettingsName() {
        assertThatThrownBy(() -> bind(Map.of("essaim.platform.time-zone", "Europe/Pariss")))
                .hasMessageContaining("essaim.platform.time-zone");
    }

    @Test
    void datesAreShownInTheZoneInTheReadersLanguage() {
        ShownDates paris = new ShownDates(bind(Map.of()));
        ShownDates montreal = new ShownDates(bind(Map.of("essaim.platform.time-zone", "America/Montreal")));
        OffsetDateTime noonUtc = OffsetDateTime.parse("2026-11-28T12:05:00Z");
        assertThat(paris.dateTime(noonUtc, Locale.FRENCH))
                .contains("28 novembre 2026")
                .contains("13:05");
        assertThat(paris.dateTime(noonUtc, Locale.ENGLISH))
                .contains("November 28, 2026")
                .contains("1:05");
        assertThat(montreal.dateTime(noonUtc, Locale.FRENCH))
                .contains("28 novembre 2026")
                .contains("07:05");
        assertThat(montreal.date(OffsetDateTime.parse("2026-11-28T02:00:00Z"), Locale.ENGLISH))
                .isEqualTo("November 27, 2026");
        assertThat(paris.date(LocalDate.parse("2027-03-01"), Locale.FRENCH)).isEqualTo("1 mars 2027");
        assertThat(paris.dateTime(noonUtc.toInstant(), Locale.FRENCH))
                .isEqualTo(paris.dateTime(noonUtc, Locale.FRENCH));
        assertThat(paris.dateTime(null, Locale.FRENCH)).isEmpty();
    }
}
