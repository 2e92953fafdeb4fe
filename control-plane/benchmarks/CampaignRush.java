// On-demand load generator for campaign-rush.sh (not part of the test suite). Runs with the JDK alone:
//   java CampaignRush.java <base-url> <clients> <warm-up-seconds> <seconds> <run-id>
// Each client posts valid applications to POST /api/v1/applications, one after the other, on its own keep-alive
// connection and with its own client address (X-Forwarded-For, as behind the reverse proxy of a deployment), for
// the warm-up and then the measured period. Prints one "key value" per line for the script.
// The client speaks HTTP/1.1 over a plain socket, one thread per client: on a small machine that shares its cores
// with the application and PostgreSQL, a heavier client would take their CPU and add its own latency.

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

public class CampaignRush {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int clients = Integer.parseInt(args[1]);
        long warmUpNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        long measuredNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        String run = args[4];

        Map<Integer, AtomicLong> statusCounts = new ConcurrentHashMap<>();
        AtomicLong created = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        long[] measuredCreated = new long[clients];
        long[] measuredRequests = new long[clients];
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = start + warmUpNanos;
        long end = measureFrom + measuredNanos;

        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] samples = new long[100_000];
            latencies.add(samples);
            Thread thread = new Thread(() -> {
                Connection http = new Connection(URI.create(base));
                String address = "10." + (client / 250) + "." + (client % 250) + ".7";
                int sample = 0;
                long sequence = 0;
                while (System.nanoTime() < start) {
                    Thread.onSpinWait();
                }
                try {
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        String slug = "r" + run + "-" + client + "-" + Long.toString(sequence++, 36);
                        String email = "rush-" + run + "-" + client + "-" + sequence + "@example.org";
                        int status;
                        try {
                            status = http.post("/api/v1/applications", address, client % 2 == 0 ? "fr" : "en",
                                    body(slug, email).getBytes(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            http.close();
                            status = -1;
                        }
                        long after = System.nanoTime();
                        statusCounts.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status == 201) {
                            created.incrementAndGet();
                        }
                        if (before >= measureFrom) {
                            measuredRequests[client]++;
                            if (status == 201) {
                                measuredCreated[client]++;
                            }
                            if (sample < samples.length) {
                                samples[sample++] = after - before;
                            }
                        }
                    }
                } finally {
                    http.close();
                    samples[samples.length - 1] = sample; // how many were recorded
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();

        List<Long> all = new ArrayList<>();
        for (long[] samples : latencies) {
            int count = (int) samples[samples.length - 1];
            for (int i = 0; i < count; i++) {
                all.add(samples[i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        double seconds = measuredNanos / 1e9;
        long measured201 = Arrays.stream(measuredCreated).sum();
        long measuredAll = Arrays.stream(measuredRequests).sum();
        System.out.printf("requests_measured %d%n", measuredAll);
        System.out.printf("created_measured %d%n", measured201);
        System.out.printf("created_per_second %.1f%n", measured201 / seconds);
        System.out.printf("latency_p50_ms %.1f%n", percentile(sorted, 0.50) / 1e6);
        System.out.printf("latency_p99_ms %.1f%n", percentile(sorted, 0.99) / 1e6);
        System.out.printf("latency_max_ms %.1f%n", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.printf("created_total %d%n", created.get());
        System.out.printf("statuses %s%n", new TreeMap<>(statusCounts));
    }

    /** One keep-alive HTTP/1.1 connection, reopened after an error; reads Content-Length and chunked bodies. */
    static final class Connection {
        private final URI base;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI base) {
            this.base = base;
        }

        int post(String path, String forwardedFor, String language, byte[] body) throws IOException {
            if (socket == null) {
                socket = new Socket(base.getHost(), base.getPort());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 16_384);
                out = socket.getOutputStream();
            }
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept-Language: " + language
                    + "\r\nX-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
            request.write(head.getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            out.write(request.toByteArray());
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                close();
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // Reopened on the next request.
            }
            socket = null;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String body(String slug, String email) {
        return """
                {"organisationName": "Collectif %s", "kind": "ASSOCIATION", "officialIdentifier": "W751234567",
                 "country": "FR", "mainLanguage": "fr",
                 "purpose": "Une épicerie solidaire tenue par des bénévoles, des repas partagés chaque mois.",
                 "memberCount": 18, "annualBudget": 4200, "whyNotPaid": "Aucun budget pour des outils numériques.",
                 "slug": "%s", "contactName": "Sacha Roux", "contactEmail": "%s", "charterAccepted": true}
                """.formatted(slug, slug, email);
    }
}
