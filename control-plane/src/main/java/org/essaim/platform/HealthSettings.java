package org.essaim.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code essaim.health.*}: the readiness checks.
 *
 * @param databaseTimeout how long the database health check waits for an answer before it reports the database down
 */
@ConfigurationProperties("essaim.health")
public record HealthSettings(@DefaultValue("2s") Duration databaseTimeout) {

    public HealthSettings {
        InvalidSetting.positive("essaim.health.database-timeout", databaseTimeout);
    }
}
