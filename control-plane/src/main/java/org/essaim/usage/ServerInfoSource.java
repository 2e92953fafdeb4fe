package org.essaim.usage;

import org.essaim.space.SpaceQuotas;
import org.essaim.tenant.ServerInfoToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Asks each workspace's serverinfo app ({@code GET /ocs/v2.php/apps/serverinfo/api/v1/info?format=json}, with the
 * space's {@code NC-Token}). Its answer has no "bytes used" field: it gives {@code ocs.data.nextcloud.system.freespace},
 * the free bytes of the filesystem holding the data directory, which is the space's own {@code nextcloud-data}
 * volume, sized to the storage quota. So used = quota - free space (never below 0). Prometheus reads the volume's
 * used bytes directly and is the better source on a cluster that has it.
 */
final class ServerInfoSource implements StorageSource {

    static final String PATH = "/ocs/v2.php/apps/serverinfo/api/v1/info?format=json&skipApps=true&skipUpdate=true";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String urlTemplate;
    private final String tokenKey;
    private final Duration timeout;
    private final int concurrency;
    private final Duration deadline;
    private final HttpClient http;

    ServerInfoSource(String urlTemplate, String tokenKey, Duration timeout, int concurrency, Duration deadline) {
        if (urlTemplate == null || !urlTemplate.contains("{slug}")) {
            throw new IllegalArgumentException("essaim.usage.serverinfo.url must contain {slug}: " + urlTemplate);
        }
        try {
            ServerInfoToken.forSpace(tokenKey, "check");
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("essaim.usage.serverinfo.token-key: " + invalid.getMessage(), invalid);
        }
        this.urlTemplate = urlTemplate.endsWith("/") ? urlTemplate.substring(0, urlTemplate.length() - 1) : urlTemplate;
        this.tokenKey = tokenKey;
        this.timeout = timeout;
        this.concurrency = concurrency;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "serverinfo";
    }

    @Override
    public Fanout.Outcome<Long> measure(List<SpaceQuotas.Quota> spaces) {
        Map<String, SpaceQuotas.Quota> bySlug =
                spaces.stream().collect(Collectors.toMap(SpaceQuotas.Quota::slug, Function.identity()));
        return Fanout.ask(bySlug.keySet(), concurrency, deadline, slug -> usedBytes(bySlug.get(slug)));
    }

    private long usedBytes(SpaceQuotas.Quota space) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urlTemplate.replace("{slug}", space.slug()) + PATH))
                .timeout(timeout)
                .header("NC-Token", ServerInfoToken.forSpace(tokenKey, space.slug()))
                .header("OCS-APIRequest", "true")
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("serverinfo answered HTTP " + response.statusCode());
        }
        JsonNode free = JSON.readTree(response.body())
                .path("ocs")
                .path("data")
                .path("nextcloud")
                .path("system")
                .path("freespace");
        if (!free.isNumber() || free.doubleValue() < 0) {
            throw new IOException("serverinfo's answer has no ocs.data.nextcloud.system.freespace");
        }
        long freeBytes = free.isIntegralNumber() ? free.longValue() : (long) free.doubleValue();
        return Math.max(0, space.storageBytes() - freeBytes);
    }
}
