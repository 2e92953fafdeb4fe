// On-demand load generator for sign-in.sh (not part of the test suite). Runs with the JDK alone:
//   java SignInLoad.java <url> <user> <password-file> <clients> <warm-up-seconds> <seconds>
// CLIENTS threads GET the URL with HTTP Basic, one request after the other on their own keep-alive connection, for
// the warm-up and then the measured period: every request is a full sign-in (the API keeps no session). Prints one
// "key value" per line: successful sign-ins per second, their p50/p99 latency, and the count of other answers.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

public class SignInLoad {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String password = Files.readString(Path.of(args[2])).strip();
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((args[1] + ":" + password).getBytes(StandardCharsets.UTF_8));
        int clients = Integer.parseInt(args[3]);
        long warmUpNanos = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        long measuredNanos = Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = start + warmUpNanos;
        long end = measureFrom + measuredNanos;
        AtomicLong succeeded = new AtomicLong();
        AtomicLong others = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[200_000];
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", authorization).GET().build();
                try {
                    while (System.nanoTime() < start) {
                        Thread.sleep(1);
                    }
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long after = System.nanoTime();
                        if (before >= measureFrom && after <= end) {
                            if (response.statusCode() == 200) {
                                succeeded.incrementAndGet();
                                if (counts[client] < latencies[client].length) {
                                    latencies[client][counts[client]++] = after - before;
                                }
                            } else {
                                others.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client " + client + ": " + e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = measuredNanos / 1e9;
        System.out.printf("sign_ins_per_second %.1f%n", succeeded.get() / seconds);
        System.out.printf("sign_ins_total %d%n", succeeded.get());
        System.out.printf("other_answers %d%n", others.get());
        if (all.length > 0) {
            System.out.printf("latency_p50_ms %.1f%n", all[(int) Math.ceil(all.length * 0.50) - 1] / 1e6);
            System.out.printf("latency_p99_ms %.1f%n", all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6);
        }
    }
}
