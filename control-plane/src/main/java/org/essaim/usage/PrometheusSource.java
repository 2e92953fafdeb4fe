package org.essaim.usage;

import org.essaim.space.SpaceQuotas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the used bytes of every workspace's data volume ({@code nextcloud-data} in namespace {@code space-<slug>})
 * from Prometheus' instant-query API, in one query for the whole fleet: kubelet's
 * {@code kubelet_volume_stats_used_bytes}, the highest series per namespace (a volume moving between nodes can be
 * reported twice for a while). A space with no series (not running, volume not mounted) stays unknown.
 */
final class PrometheusSource implements StorageSource {

    static final String QUERY = "max by (namespace) (kubelet_volume_stats_used_bytes"
            + "{persistentvolumeclaim=\"nextcloud-data\",namespace=~\"space-.+\"})";
    private static final String NAMESPACE_PREFIX = "space-";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    PrometheusSource(URI url, Duration timeout) {
        if (url == null || url.getScheme() == null) {
            throw new IllegalArgumentException("essaim.usage.prometheus.url must be an absolute URL: " + url);
        }
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public Fanout.Outcome<Long> measure(List<SpaceQuotas.Quota> spaces) {
        Map<String, Long> used;
        try {
            used = query();
        } catch (IOException e) {
            return allFailed(spaces, "Prometheus: " + Fanout.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return allFailed(spaces, "interrupted");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (SpaceQuotas.Quota space : spaces) {
            Long bytes = used.get(space.slug());
            if (bytes == null) {
                failures.put(space.slug(), "Prometheus has no series for its data volume");
            } else {
                values.put(space.slug(), bytes);
            }
        }
        return new Fanout.Outcome<>(values, failures);
    }

    private Map<String, Long> query() throws IOException, InterruptedException {
        String base = url.toString().endsWith("/") ? url.toString() : url + "/";
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + "api/v1/query?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        JsonNode answer = JSON.readTree(response.body());
        if (!"success".equals(answer.path("status").asString(""))
                || !"vector".equals(answer.path("data").path("resultType").asString(""))) {
            throw new IOException("not a successful instant vector");
        }
        Map<String, Long> used = new HashMap<>();
        for (JsonNode series : answer.path("data").path("result")) {
            String namespace = series.path("metric").path("namespace").asString("");
            JsonNode value = series.path("value").path(1);
            if (!namespace.startsWith(NAMESPACE_PREFIX) || !value.isString()) {
                continue;
            }
            try {
                double bytes = Double.parseDouble(value.stringValue());
                if (bytes >= 0 && !Double.isInfinite(bytes)) {
                    used.put(namespace.substring(NAMESPACE_PREFIX.length()), (long) bytes);
                }
            } catch (NumberFormatException ignored) {
                // A NaN or garbled sample leaves that space unknown.
            }
        }
        return used;
    }

    private static Fanout.Outcome<Long> allFailed(List<SpaceQuotas.Quota> spaces, String reason) {
        Map<String, String> failures = new LinkedHashMap<>();
        spaces.forEach(space -> failures.put(space.slug(), reason));
        return new Fanout.Outcome<>(Map.of(), failures);
    }
}
