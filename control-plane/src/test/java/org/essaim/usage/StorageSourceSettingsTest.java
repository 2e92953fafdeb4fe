package org.essaim.usage;

import org.essaim.space.SpaceSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's source comes from essaim.usage.*, and a wrong setting stops the start with its name. */
class StorageSourceSettingsTest {

    private final UsageJob.Schedule schedule = new UsageJob.Schedule();
    private final SpaceSettings spaces = new SpaceSettings("essaim.example.org");

    @Test
    void noSettingMeansNoSource() {
        UsageSettings defaults =
                new Binder(new MapConfigurationPropertySource()).bindOrCreate("essaim.usage", UsageSettings.class);

        assertThat(schedule.storageSource(defaults, spaces)).isSameAs(StorageSource.NONE);
        assertThat(defaults.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.historyDays()).isEqualTo(400);
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void serverInfoNeedsAKeyOfAtLeast32CharactersAndAUrlWithTheSlug() {
        assertThat(schedule.storageSource(
                                settings(
                                        UsageSettings.Source.SERVERINFO,
                                        new UsageSettings.ServerInfo(null, "k".repeat(32)),
                                        null),
                                spaces)
                        .name())
                .isEqualTo("serverinfo");
        assertThatThrownBy(() -> schedule.storageSource(
                        settings(UsageSettings.Source.SERVERINFO, new UsageSettings.ServerInfo(null, "short"), null),
                        spaces))
                .hasMessageContaining("essaim.usage.serverinfo.token-key");
        assertThatThrownBy(() -> schedule.storageSource(
                        settings(
                                UsageSettings.Source.SERVERINFO,
                                new UsageSettings.ServerInfo("https://cloud.example.org", "k".repeat(32)),
                                null),
                        spaces))
                .hasMessageContaining("{slug}");
    }

    @Test
    void prometheusNeedsItsUrl() {
        assertThat(schedule.storageSource(
                                settings(
                                        UsageSettings.Source.PROMETHEUS,
                                        null,
                                        new UsageSettings.Prometheus(URI.create("http://prometheus.monitoring:9090"))),
                                spaces)
                        .name())
                .isEqualTo("prometheus");
        assertThatThrownBy(() -> schedule.storageSource(settings(UsageSettings.Source.PROMETHEUS, null, null), spaces))
                .hasMessageContaining("essaim.usage.prometheus.url");
    }

    @Test
    void theHistogramPutsEachTenthInItsBarAndScalesToTheTallest() {
        int[] counts = {0, 4, 0, 0, 0, 0, 0, 0, 2, 1, 1};
        StorageHistogram histogram = StorageHistogram.of(counts, 10);

        assertThat(histogram.known()).isEqualTo(8);
        assertThat(histogram.unknown()).isEqualTo(2);
        assertThat(histogram.bars()).hasSize(11);
        assertThat(histogram.bars().get(1).height()).isEqualTo(StorageHistogram.PLOT_HEIGHT);
        assertThat(histogram.bars().get(8).height()).isEqualTo(StorageHistogram.PLOT_HEIGHT / 2);
        assertThat(histogram.bars().get(0).height()).isZero();
        assertThat(histogram.bars().get(1).y() + histogram.bars().get(1).height())
                .isEqualTo(histogram.baseline());
        assertThat(histogram.bars())
                .extracting(StorageHistogram.Bar::level)
                .containsExactly("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "near", "near", "over");
        assertThat(histogram.ticks()).extracting(StorageHistogram.Tick::value).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(histogram.ticks().getLast().y()).isEqualTo(histogram.plotTop());
        // Nothing measured yet: the axis still reads 0 and 1, not 0 at both ends.
        assertThat(StorageHistogram.of(new int[11], 3).ticks())
                .extracting(StorageHistogram.Tick::value)
                .containsExactly(0L, 1L);
        assertThat(histogram.bars().get(10).last()).isTrue();
    }

    private static UsageSettings settings(
            UsageSettings.Source source, UsageSettings.ServerInfo serverInfo, UsageSettings.Prometheus prometheus) {
        return new UsageSettings(
                source,
                Duration.ofHours(1),
                400,
                Duration.ofSeconds(10),
                16,
                Duration.ofMinutes(20),
                serverInfo == null ? new UsageSettings.ServerInfo(null, null) : serverInfo,
                prometheus == null ? new UsageSettings.Prometheus(null) : prometheus);
    }
}
