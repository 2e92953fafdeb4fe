package org.essaim.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code essaim.dashboard.*}; defaults in application.yml.
 *
 * @param capacityTarget the number of spaces the platform is built to host (10,000)
 * @param weeks          how many weeks the applications-per-week picture shows (12)
 */
@ConfigurationProperties("essaim.dashboard")
public record DashboardSettings(Long capacityTarget, Integer weeks) {

    public DashboardSettings {
        capacityTarget = capacityTarget == null ? 10_000L : capacityTarget;
        weeks = weeks == null ? 12 : weeks;
        if (capacityTarget < 1) {
            throw new IllegalArgumentException("essaim.dashboard.capacity-target must be at least 1, not " + capacityTarget);
        }
        if (weeks < 1 || weeks > 104) {
            throw new IllegalArgumentException("essaim.dashboard.weeks must be between 1 and 104, not " + weeks);
        }
    }
}
