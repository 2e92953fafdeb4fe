package org.essaim.upgrade;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code essaim.upgrades.*}: how app versions roll out to the fleet.
 *
 * @param canary        the first wave: a number of spaces ({@code 10}) or a share of the fleet ({@code 1%})
 * @param growth        each later wave is this many times the one before
 * @param waveTimeout   how long a wave's spaces have to report Ready on the new versions before the wave fails
 * @param checkInterval how often the upgrade job looks at the wave in flight
 */
@ConfigurationProperties("essaim.upgrades")
record UpgradeSettings(String canary, Integer growth, Duration waveTimeout, Duration checkInterval) {

    UpgradeSettings {
        canary = canary == null || canary.isBlank() ? "10" : canary.strip();
        growth = growth == null ? 4 : growth;
        waveTimeout = waveTimeout == null ? Duration.ofMinutes(30) : waveTimeout;
        checkInterval = checkInterval == null ? Duration.ofSeconds(30) : checkInterval;
        // Refuse a bad setting at start, not at the first rollout.
        WavePlan.canarySize(canary, 100);
        new WavePlan(1, growth);
        if (waveTimeout.isNegative() || waveTimeout.isZero()) {
            throw new IllegalArgumentException("essaim.upgrades.wave-timeout must be positive, not " + waveTimeout);
        }
    }
}
