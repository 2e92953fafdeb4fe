package org.essaim.member;

import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ExternalSlapd;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On demand, not part of the suite ({@code control-plane/benchmarks/invitation-race.sh}): the whole application on
 * the real OpenLDAP slapd, a space at 49 of its 50 places, and 100 admins' API calls at once, each inviting a
 * different address ({@code POST /api/v1/spaces/{slug}/invitations}, HTTP Basic, so each call also binds to slapd).
 * Exactly one may succeed, the 99 others answer 409 with {@code placesLeft: 0}; repeated for several rounds.
 * Writes a Markdown report to {@code control-plane/benchmarks/results/}.
 */
@EssaimTest
@RequiresProgram("slapd")
@EnabledIfSystemProperty(named = "essaim.benchmark", matches = "invitation-race")
class InvitationRaceBenchmark extends SpaceTestSupport {

    private static final int CONCURRENT = Integer.getInteger("concurrent", 100);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.forApplication(ExternalSlapd.BASE_DN);

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        ExternalSlapd.register(registry, slapd);
    }

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Invitations invitations;

    @Autowired
    Places places;

    @Test
    void exactlyOneOfAHundredConcurrentInvitationsTakesTheLastPlace() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder report = new StringBuilder();
        report.append("# Concurrent invitations for the last place (real slapd)\n\n")
                .append("Run on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores: the whole control plane on OpenLDAP slapd and the embedded PostgreSQL; each round a ")
                .append("space at 49 of 50 places (its admin and 48 pending invitations), then ")
                .append(CONCURRENT)
                .append(
                        " concurrent `POST /api/v1/spaces/{slug}/invitations` (HTTP Basic `uid@slug`, one new address each).\n\n")
                .append(
                        "| round | 201 | 409 (placesLeft 0) | other | places used after | wall time (ms) | p50 (ms) | p99 (ms) |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        List<Integer> winners = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String slug = fixtures.spaceWithAdmin("race" + round);
            invitations.invite(
                    slug,
                    IntStream.range(0, 48)
                            .mapToObj(i -> "fill" + i + "@example.org")
                            .toList(),
                    false,
                    Locale.ENGLISH,
                    "benchmark");
            assertThat(places.usage(slug).used()).isEqualTo(49);
            String authorization = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(("camille.referente@" + slug + ":" + SpaceFixtures.PASSWORD)
                                    .getBytes(StandardCharsets.UTF_8));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> calls = new ArrayList<>();
            long began;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CONCURRENT; i++) {
                    String body = "{\"emails\": [\"racer" + i + "@example.org\"]}";
                    calls.add(pool.submit(() -> {
                        start.await();
                        long before = System.nanoTime();
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://localhost:" + port + "/api/v1/spaces/" + slug + "/invitations"))
                                        .header("Authorization", authorization)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        int status = response.statusCode();
                        boolean full = status == 409 && response.body().contains("\"placesLeft\":0");
                        return new long[] {status == 201 ? 201 : full ? 409 : status, System.nanoTime() - before};
                    }));
                }
                began = System.nanoTime();
                start.countDown();
                int created = 0;
                int full = 0;
                int other = 0;
                long[] latencies = new long[CONCURRENT];
                for (int i = 0; i < CONCURRENT; i++) {
                    long[] outcome = calls.get(i).get();
                    latencies[i] = outcome[1];
                    if (outcome[0] == 201) {
                        created++;
                    } else if (outcome[0] == 409) {
                        full++;
                    } else {
                        other++;
                    }
                }
                long wall = System.nanoTime() - began;
                Arrays.sort(latencies);
                int used = places.usage(slug).used();
                winners.add(created);
                report.append("| ")
                        .append(round)
                        .append(" | ")
                        .append(created)
                        .append(" | ")
                        .append(full)
                        .append(" | ")
                        .append(other)
                        .append(" | ")
                        .append(used)
                        .append(" of 50 | ")
                        .append(wall / 1_000_000)
                        .append(" | ")
                        .append(latencies[CONCURRENT / 2] / 1_000_000)
                        .append(" | ")
                        .append(latencies[(int) Math.ceil(CONCURRENT * 0.99) - 1] / 1_000_000)
                        .append(" |\n");
                assertThat(used).isEqualTo(50);
            }
        }
        report.append("\nExactly one success in every round: ")
                .append(winners.stream().allMatch(w -> w == 1) ? "yes" : "NO")
                .append(
                        ".\n\nReproduce: `control-plane/benchmarks/invitation-race.sh` (ROUNDS and CONCURRENT may be set).\n");
        write(report.toString());
        System.out.println(report);
        assertThat(winners).containsOnly(1);
    }

    private static void write(String report) throws IOException {
        Path results = Path.of(System.getProperty("results", "benchmarks/results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve(LocalDate.now() + "-invitation-race.md"), report);
    }
}
