package org.essaim.usage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.essaim.tenant.ServerInfoToken;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A local HTTP server standing in for the workspaces' serverinfo endpoints ({@code /<slug>/ocs/v2.php/...}, which
 * check the space's {@code NC-Token} like Nextcloud does) and for Prometheus' query API ({@code /prometheus/api/v1/query}).
 */
final class SourceStub implements AutoCloseable {

    static final String TOKEN_KEY = "test-serverinfo-key-0123456789abcdef";

    /** What one workspace answers. */
    record Answer(int status, String body, Duration delay) {

        static Answer freeSpace(long bytes) {
            return new Answer(
                    200,
                    "{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200,\"message\":\"OK\"},"
                            + "\"data\":{\"nextcloud\":{\"system\":{\"version\":\"31.0.5.1\",\"freespace\":" + bytes
                            + "},\"storage\":{\"num_users\":3}}}}}",
                    Duration.ZERO);
        }

        static Answer status(int status) {
            return new Answer(status, "{\"message\":\"failed\"}", Duration.ZERO);
        }

        Answer after(Duration delay) {
            return new Answer(status, body, delay);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> workspaces = new ConcurrentHashMap<>();
    private final Map<String, String> tokensReceived = new ConcurrentHashMap<>();
    private final List<String> prometheusQueries = new CopyOnWriteArrayList<>();
    private volatile Answer prometheus = Answer.status(503);

    SourceStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String serverInfoUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/{slug}";
    }

    URI prometheusUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prometheus");
    }

    void workspace(String slug, Answer answer) {
        workspaces.put(slug, answer);
    }

    /** Prometheus answers these used bytes per namespace (as strings, as Prometheus writes sample values). */
    void prometheusVector(Map<String, String> usedByNamespace) {
        String result = usedByNamespace.entrySet().stream()
                .map(e -> "{\"metric\":{\"namespace\":\"" + e.getKey() + "\"},\"value\":[1763726400.123,\""
                        + e.getValue() + "\"]}")
                .collect(Collectors.joining(","));
        prometheus = new Answer(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}",
                Duration.ZERO);
    }

    void prometheus(Answer answer) {
        prometheus = answer;
    }

    String tokenReceived(String slug) {
        return tokensReceived.get(slug);
    }

    List<String> prometheusQueries() {
        return prometheusQueries;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        if (path.equals("/prometheus/api/v1/query")) {
            String query = exchange.getRequestURI().getRawQuery();
            prometheusQueries.add(URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8));
            answer = prometheus;
        } else if (path.endsWith("/ocs/v2.php/apps/serverinfo/api/v1/info")) {
            String slug = path.substring(1, path.indexOf('/', 1));
            String token = exchange.getRequestHeaders().getFirst("NC-Token");
            if (token != null) {
                tokensReceived.put(slug, token);
            }
            answer = workspaces.get(slug);
            if (answer == null) {
                answer = Answer.status(404);
            } else if (!ServerInfoToken.forSpace(TOKEN_KEY, slug).equals(token)) {
                answer = Answer.status(401);
            }
        } else {
            answer = Answer.status(404);
        }
        try {
            Thread.sleep(answer.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // The client timed out first: that is what some tests want.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
