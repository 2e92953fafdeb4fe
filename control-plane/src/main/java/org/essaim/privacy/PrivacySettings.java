package org.essaim.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code essaim.privacy.*}; defaults in application.yml.
 *
 * @param applicationRetention how long a rejected, withdrawn or expired application keeps its personal data after
 *                             it ended (12 months)
 * @param erasureInterval      how often the erasure job runs (6 hours)
 */
@ConfigurationProperties("essaim.privacy")
public record PrivacySettings(Duration applicationRetention, Duration erasureInterval) {

    public PrivacySettings {
        applicationRetention = applicationRetention == null ? Duration.ofDays(365) : applicationRetention;
        erasureInterval = erasureInterval == null ? Duration.ofHours(6) : erasureInterval;
        if (applicationRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("essaim.privacy.application-retention must be at least 1d, not "
                    + applicationRetention);
        }
        if (erasureInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("essaim.privacy.erasure-interval must be at least 1m, not "
                    + erasureInterval);
        }
    }
}
