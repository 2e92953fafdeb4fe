// On-demand stand-in for usage-job.sh (not part of the test suite). Runs with the JDK alone:
//   java UsageSources.java <port> <latency-ms> <token-key> <spaces> <slug-prefix>
// Answers, each after <latency-ms>, like the two storage sources the usage job can read:
//  - a workspace's serverinfo app: GET /<slug>/ocs/v2.php/apps/serverinfo/api/v1/info, checking the NC-Token header
//    (HMAC-SHA256 of "serverinfo:<slug>" under <token-key>, as the control plane derives it; 401 otherwise), with a
//    free space that depends on the slug; 1% of the workspaces (slug hash) answer 500, to exercise failures;
//  - Prometheus' instant-query API: GET /prometheus/api/v1/query, one vector with <spaces> series for namespaces
//    space-<slug-prefix>1 .. space-<slug-prefix><spaces>.
// Prints "requests <n>" to stdout every 10 s so the script can see it is being used.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class UsageSources {

    static final long GIB = 1L << 30;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        String key = args[2];
        int spaces = Integer.parseInt(args[3]);
        String prefix = args[4];
        AtomicLong requests = new AtomicLong();
        byte[] vector = prometheusVector(spaces, prefix);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/prometheus/api/v1/query")) {
                answer(exchange, 200, vector);
            } else if (path.endsWith("/ocs/v2.php/apps/serverinfo/api/v1/info")) {
                String slug = path.substring(1, path.indexOf('/', 1));
                if (!token(key, slug).equals(exchange.getRequestHeaders().getFirst("NC-Token"))) {
                    answer(exchange, 401, "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                } else if (Math.floorMod(slug.hashCode(), 100) == 0) {
                    answer(exchange, 500, "{}".getBytes(StandardCharsets.UTF_8));
                } else {
                    long free = (1 + Math.floorMod(slug.hashCode(), 39)) * GIB;
                    answer(exchange, 200, ("{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200},\"data\":{\"nextcloud\":"
                            + "{\"system\":{\"freespace\":" + free + "}}}}}").getBytes(StandardCharsets.UTF_8));
                }
            } else {
                answer(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        System.out.println("listening " + port);
        while (true) {
            Thread.sleep(10_000);
            System.out.println("requests " + requests.get());
        }
    }

    static byte[] prometheusVector(int spaces, String prefix) {
        StringBuilder body = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 1; i <= spaces; i++) {
            if (i > 1) {
                body.append(',');
            }
            body.append("{\"metric\":{\"namespace\":\"space-").append(prefix).append(i)
                    .append("\"},\"value\":[1763726400.123,\"").append((long) (i % 40) * GIB + 12345).append("\"]}");
        }
        return body.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String token(String key, String slug) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("serverinfo:" + slug).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
