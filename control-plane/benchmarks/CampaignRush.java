// On-demand load generator for campaign-rush.sh (not part of the test suite). Runs with the JDK alone:
//   java CampaignRush.java <base-url> <clients> <warm-up-seconds> <seconds> <run-id>
// Each client posts valid applications to POST /api/v1/applications, one after the other, on its own keep-alive
// connection and with its own client address (X-Forwarded-For, as behind the reverse proxy of a deployment), for
// the warm-up and then the measured period. Prints one "key value" per line for the script.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
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
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/applications"))
                                .header("Content-Type", "application/json")
                                .header("Accept-Language", client % 2 == 0 ? "fr" : "en")
                                .header("X-Forwarded-For", address)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body(slug, email))).build();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (java.io.IOException e) {
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
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
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
