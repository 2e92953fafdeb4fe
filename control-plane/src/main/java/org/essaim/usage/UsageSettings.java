package org.essaim.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
public record UsageSettings(Source source, Duration interval, Integer historyDays, Duration timeout,
                            Integer concurrency, Duration deadline, ServerInfo serverinfo, Prometheus prometheus) {

    public enum Source { NONE, SERVERINFO, PROMETHEUS }

    /**
     * @param url      the workspace's address, {@code {slug}} standing for the space's address; by default
     *                 {@code https://{slug}.<essaim.spaces.domain>}
     * @param tokenKey the platform's key from which each space's {@code NC-Token} is derived (see
     *                 {@link org.essaim.tenant.ServerInfoToken}); shared with the provisioner, never with a space
     */
    public record ServerInfo(String url, String tokenKey) {
    }

    /** @param url Prometheus' address, e.g. {@code http://prometheus.monitoring:9090} */
    public record Prometheus(URI url) {
    }

    public UsageSettings {
        source = source == null ? Source.NONE : source;
        interval = interval == null ? Duration.ofHours(1) : interval;
        historyDays = historyDays == null ? 400 : historyDays;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        concurrency = concurrency == null ? 16 : concurrency;
        deadline = deadline == null ? Duration.ofMinutes(20) : deadline;
        serverinfo = serverinfo == null ? new ServerInfo(null, null) : serverinfo;
        prometheus = prometheus == null ? new Prometheus(null) : prometheus;
        if (historyDays < 1 || concurrency < 1 || timeout.isNegative() || timeout.isZero() || deadline.isNegative()
                || deadline.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("essaim.usage: history-days and concurrency must be at least 1, "
                    + "interval, timeout and deadline positive");
        }
    }
}
