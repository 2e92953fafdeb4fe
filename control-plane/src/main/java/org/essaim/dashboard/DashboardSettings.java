package org.essaim.dashboard;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code essaim.dashboard.*}: the staff dashboard.
 *
 * @param capacityTarget the number of spaces the platform is built to host, shown as the dashboard's capacity target
 * @param weeks          how many weeks the applications-per-week picture shows
 */
@ConfigurationProperties("essaim.dashboard")
public record DashboardSettings(
        @DefaultValue("10000") long capacityTarget,
        @DefaultValue("12") int weeks) {

    public DashboardSettings {
        InvalidSetting.atLeast("essaim.dashboard.capacity-target", capacityTarget, 1);
        if (weeks < 1 || weeks > 104) {
            throw new InvalidSetting("essaim.dashboard.weeks", "must be between 1 and 104, not " + weeks);
        }
    }
}
