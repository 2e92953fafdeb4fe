package org.essaim.privacy;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code essaim.privacy.*}. Erasure keeps the row for statistics (dates, outcome, kind); approved applications keep
 * their personal data (the referent's).
 *
 * @param applicationRetention how long a rejected, withdrawn or expired application keeps its personal data after
 *                             it ended (12 months)
 * @param erasureInterval      how often the erasure job runs (6 hours)
 */
@ConfigurationProperties("essaim.privacy")
public record PrivacySettings(
        @DefaultValue("365d") Duration applicationRetention,
        @DefaultValue("6h") Duration erasureInterval) {

    public PrivacySettings {
        if (applicationRetention == null || applicationRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new InvalidSetting(
                    "essaim.privacy.application-retention", "must be at least 1d, not " + applicationRetention);
        }
        if (erasureInterval == null || erasureInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidSetting("essaim.privacy.erasure-interval", "must be at least 1m, not " + erasureInterval);
        }
    }
}
