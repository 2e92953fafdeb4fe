package org.essaim.application;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A missing {@code essaim.applications.*} key takes its default: a deleted line never turns a bot limit off. */
class ApplicationSettingsTest {

    @Test
    void missingKeysTakeTheirDefaults() {
        ApplicationSettings settings = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("essaim.applications", ApplicationSettings.class);

        assertThat(settings.attemptsPerAddressPerHour()).isEqualTo(20);
        assertThat(settings.applicationsPerEmailPerHour()).isEqualTo(3);
        assertThat(settings.budgetThreshold()).isEqualTo(50_000);
        assertThat(settings.memberThreshold()).isEqualTo(50);
        assertThat(settings.confirmationValidity()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.reservedSlugs()).isEmpty();
    }

    @Test
    void zeroStillTurnsALimitOffWhenWritten() {
        ApplicationSettings settings = new Binder(new MapConfigurationPropertySource(
                        Map.of("essaim.applications.attempts-per-address-per-hour", "0")))
                .bindOrCreate("essaim.applications", ApplicationSettings.class);

        assertThat(settings.attemptsPerAddressPerHour()).isZero();
        assertThat(settings.applicationsPerEmailPerHour()).isEqualTo(3);
    }
}
