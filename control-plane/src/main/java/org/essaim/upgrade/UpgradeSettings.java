package org.essaim.upgrade;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code essaim.upgrades.*}: how app versions roll out to the fleet, in waves (runbooks/rolling-app-versions.md). A
 * wave whose spaces are not all Ready on the new versions within {@code wave-timeout} stops the rollout.
 *
 * @param canary        the first wave: a number of spaces ({@code 10}) or a share of the fleet ({@code 1%})
 * @param growth        each later wave is this many times the one before
 * @param waveTimeout   how long a wave's spaces have to report Ready on the new versions before the wave fails
 * @param checkInterval how often the upgrade job looks at the wave in flight
 */
@ConfigurationProperties("essaim.upgrades")
record UpgradeSettings(
        @DefaultValue("10") String canary,
        @DefaultValue("4") int growth,
        @DefaultValue("30m") Duration waveTimeout,
        @DefaultValue("30s") Duration checkInterval) {

    UpgradeSettings {
        canary = canary == null ? "" : canary.strip();
        // Refuse a bad setting at start, not at the first rollout.
        try {
            WavePlan.canarySize(canary, 100);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSetting(
                    "essaim.upgrades.canary",
                    "must be a number of spaces (10) or a share of the " + "fleet (1%): " + invalid.getMessage());
        }
        try {
            new WavePlan(1, growth);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSetting("essaim.upgrades.growth", "is refused: " + invalid.getMessage());
        }
        InvalidSetting.positive("essaim.upgrades.wave-timeout", waveTimeout);
        InvalidSetting.positive("essaim.upgrades.check-interval", checkInterval);
    }
}
