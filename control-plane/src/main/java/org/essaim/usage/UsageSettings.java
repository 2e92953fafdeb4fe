package org.essaim.usage;

import org.essaim.platform.InvalidSetting;
import org.essaim.tenant.ServerInfoToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * {@code essaim.usage.*}: where storage figures come from and how the collection job behaves. With no source (the
 * local default, where no workspace runs) the job records accounts only and storage stays unknown.
 *
 * @param source      {@code none}, {@code serverinfo} (each workspace's own server-info endpoint) or
 *                    {@code prometheus} (the cluster's kubelet volume statistics)
 * @param interval    how often the job runs; each run replaces the day's figure, so the history keeps the latest one
 * @param historyDays how many days of history are kept per space
 * @param timeout     connect and answer timeout of each HTTP request to a source
 * @param concurrency how many spaces are asked at the same time
 * @param deadline    a run stops asking after this long; the spaces not asked by then stay as they were
 */
@ConfigurationProperties("essaim.usage")
public record UsageSettings(
        @DefaultValue("none") Source source,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("400") int historyDays,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("16") int concurrency,
        @DefaultValue("20m") Duration deadline,
        @DefaultValue ServerInfo serverinfo,
        @DefaultValue Prometheus prometheus) {

    public enum Source {
        NONE,
        SERVERINFO,
        PROMETHEUS
    }

    /**
     * @param url      the workspace's address, {@code {slug}} standing for the space's address; by default
     *                 {@code https://{slug}.<essaim.spaces.domain>}
     * @param tokenKey the platform's key from which each space's {@code NC-Token} is derived (see
     *                 {@link ServerInfoToken}); shared with the provisioner, never with a space
     */
    public record ServerInfo(String url, String tokenKey) {

        public ServerInfo {
            tokenKey = tokenKey == null || tokenKey.isBlank() ? null : tokenKey.strip();
            if (tokenKey != null && tokenKey.length() < ServerInfoToken.MINIMUM_KEY_LENGTH) {
                throw new InvalidSetting(
                        "essaim.usage.serverinfo.token-key",
                        "must have at least " + ServerInfoToken.MINIMUM_KEY_LENGTH
                                + " characters (openssl rand -hex 32)");
            }
        }
    }

    /** @param url Prometheus' address, e.g. {@code http://prometheus.monitoring:9090} */
    public record Prometheus(URI url) {}

    public UsageSettings {
        InvalidSetting.positive("essaim.usage.interval", interval);
        InvalidSetting.atLeast("essaim.usage.history-days", historyDays, 1);
        InvalidSetting.positive("essaim.usage.timeout", timeout);
        InvalidSetting.atLeast("essaim.usage.concurrency", concurrency, 1);
        InvalidSetting.positive("essaim.usage.deadline", deadline);
    }
}
