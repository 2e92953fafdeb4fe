package org.essaim.provisioner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.assertj.core.api.AbstractStringAssert;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.TenantTemplates;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-check end to end, on what can run here: the mock API server for the Jobs' pods, the ldap module's real
 * slapd (production ACLs) for the directory path, and an HTTP server on 127.0.0.1 standing in for the three apps,
 * answering by Host header as the apps' Services would (the workspace's status.php with the JSON shape of Nextcloud's
 * own status.php: {@code json_encode} of installed, maintenance, needsDbUpgrade, version, versionstring, edition,
 * productname, extendedSupport).
 */
@RequiresProgram("slapd")
class SelfCheckTest {

    private static final String NEXTCLOUD_STATUS = "{\"installed\":true,\"maintenance\":false,\"needsDbUpgrade\":false,"
            + "\"version\":\"32.0.1.2\",\"versionstring\":\"32.0.1\",\"edition\":\"\",\"productname\":\"Nextcloud\","
            + "\"extendedSupport\":false}";

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    private MockCluster cluster;
    private HttpServer apps;
    /** Host header to what the stand-in answers: status code, body; "hang" never answers. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();

    private final Map<String, String> seenPaths = new ConcurrentHashMap<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private ProvisionerSettings settings;
    private InClusterSelfCheck check;
    private SpaceReconciler reconciler;
    private SpaceStatus.Urls urls;

    @BeforeEach
    void start() throws IOException {
        cluster = new MockCluster();
        apps = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        apps.createContext("/", this::answer);
        apps.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        apps.start();
        PlatformSettings platform =
                PlatformSettings.defaults("essaim.test", slapd.server().baseDn());
        settings = ProvisionerSettings.defaults(platform, MockCluster.NAMESPACE)
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(400))
                .withPlatformSecrets(Fakes.BACKUP_STORAGE);
        PlatformSettings.DirectoryEndpoint slapdEndpoint = new PlatformSettings.DirectoryEndpoint(
                "127.0.0.1",
                slapd.server().port(),
                slapd.server().baseDn(),
                platform.directory().peer());
        URI standIn = URI.create("http://127.0.0.1:" + apps.getAddress().getPort());
        check = new InClusterSelfCheck(
                cluster.provisioner, slapdEndpoint, (namespace, service) -> standIn, Duration.ofMillis(800));
        reconciler = SpaceReconciler.forCluster(
                cluster.provisioner,
                settings,
                SpaceDirectory.of(slapd.directory()),
                new Fakes.Databases(),
                Clock.systemUTC(),
                check);
        urls = TenantTemplates.render(spec(), platform).urls();
        answers.put(host(urls.workspace()), new Object[] {200, NEXTCLOUD_STATUS});
        answers.put(host(urls.events()), new Object[] {200, "<html>Mobilizon</html>"});
        answers.put(host(urls.forum()), new Object[] {200, "<html>phpBB</html>"});
    }

    @AfterEach
    void stop() {
        never.countDown();
        apps.stop(0);
        cluster.close();
    }

    private static SpaceSpec spec() {
        return SpaceSpec.of("asso", "Association").withServices(new SpaceSpec.Services(true, true));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        seenPaths.put(host, exchange.getRequestURI().getPath());
        Object[] answer = answers.getOrDefault(host, new Object[] {404, "unknown host"});
        if ("hang".equals(answer[1])) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders((int) answer[0], 0); // chunked, as nginx in front of PHP answers
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void jobPod(String job, String message, int exitCode) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job + "-abcde")
                .withNamespace("space-asso")
                .addToLabels("batch.kubernetes.io/job-name", job)
                .addToLabels("job-name", job)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("configure")
                .withImage("x")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("configure")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withMessage(message)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
        cluster.client.pods().inNamespace("space-asso").resource(pod).createOr(existing -> existing.update());
    }

    private SpaceReconciler.Outcome pass() {
        return reconciler.reconcile(Spaces.space(spec()));
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    private static AbstractStringAssert<?> reason(SpaceReconciler.Outcome outcome, String type) {
        return assertThat(Spaces.condition(outcome.status(), type).getReason())
                .as(outcome.status().toString());
    }

    @Test
    void aSpaceWhoseAppsAnswerAndSignInIsReadyAndAConvergedPassWritesNothing() {
        // Before the configure Jobs report, the space is not Ready: it has not verified itself.
        SpaceReconciler.Outcome first = pass();
        reason(first, SpaceConditions.WORKSPACE_VERIFIED).isEqualTo(Reason.CONFIGURING);
        reason(first, SpaceConditions.EVENTS_VERIFIED).isEqualTo(Reason.VERIFIED);
        assertThat(first.status().isReady()).isFalse();

        jobPod(InClusterSelfCheck.WORKSPACE_JOB, "OK", 0);
        jobPod(InClusterSelfCheck.FORUM_JOB, "some log line\nOK\n", 0);
        SpaceReconciler.Outcome ready = pass();
        for (String type : SpaceConditions.VERIFICATIONS) {
            reason(ready, type).isEqualTo(Reason.VERIFIED);
        }
        assertThat(ready.status().isReady()).as(ready.status().toString()).isTrue();
        assertThat(seenPaths)
                .containsEntry(host(urls.workspace()), "/status.php")
                .containsEntry(host(urls.events()), "/")
                .containsEntry(host(urls.forum()), "/");

        // What one pass of checks costs, per space; and the same result is the same status (no write).
        var before = check.cost().orElseThrow();
        var converged = Spaces.space(spec());
        converged.setStatus(ready.status());
        SpaceReconciler.Outcome again = reconciler.reconcile(converged);
        var after = check.cost().orElseThrow();
        assertThat(after.spaces() - before.spaces()).isEqualTo(1);
        assertThat(after.httpRequests() - before.httpRequests()).isEqualTo(3);
        assertThat(after.ldapBinds() - before.ldapBinds()).isEqualTo(1);
        assertThat(after.ldapSearches() - before.ldapSearches()).isEqualTo(1);
        assertThat(after.apiReads() - before.apiReads()).isEqualTo(1);
        assertThat(again.writes()).isZero();
        assertThat(again.status().sameAs(ready.status())).isTrue();
        assertThat(again.status()).isEqualTo(ready.status());
    }

    @Test
    void eachTroubleBecomesItsAppsConditionWithAReasonAndReadyWaits() {
        jobPod(InClusterSelfCheck.WORKSPACE_JOB, "INCOMPLETE missing-apps=richdocuments,deck", 0);
        jobPod(InClusterSelfCheck.FORUM_JOB, "FAILED The board could not be installed.", 1);
        answers.put(host(urls.events()), new Object[] {502, "Bad gateway"});
        SpaceReconciler.Outcome outcome = pass();

        reason(outcome, SpaceConditions.WORKSPACE_VERIFIED).isEqualTo(Reason.APPS_MISSING);
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.WORKSPACE_VERIFIED)
                        .getMessage())
                .contains("richdocuments, deck");
        reason(outcome, SpaceConditions.FORUM_VERIFIED).isEqualTo(Reason.CONFIGURATION_FAILED);
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.FORUM_VERIFIED)
                        .getMessage())
                .contains("The board could not be installed.");
        reason(outcome, SpaceConditions.EVENTS_VERIFIED).isEqualTo(Reason.UNREACHABLE);
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.EVENTS_VERIFIED)
                        .getMessage())
                .contains("HTTP 502");
        assertThat(outcome.status().isReady()).isFalse();
        reason(outcome, SpaceConditions.READY).isEqualTo(Reason.APPS_MISSING);
    }

    @Test
    void maintenanceNotInstalledAndAHangingForumAreSaidSo() {
        jobPod(InClusterSelfCheck.WORKSPACE_JOB, "OK", 0);
        jobPod(InClusterSelfCheck.FORUM_JOB, "OK", 0);
        answers.put(
                host(urls.workspace()),
                new Object[] {200, NEXTCLOUD_STATUS.replace("\"maintenance\":false", "\"maintenance\":true")});
        answers.put(host(urls.forum()), new Object[] {200, "hang"});
        SpaceReconciler.Outcome outcome = pass();
        reason(outcome, SpaceConditions.WORKSPACE_VERIFIED).isEqualTo(Reason.MAINTENANCE);
        reason(outcome, SpaceConditions.FORUM_VERIFIED).isEqualTo(Reason.UNREACHABLE);
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.FORUM_VERIFIED)
                        .getMessage())
                .contains("no answer within");

        answers.put(
                host(urls.workspace()),
                new Object[] {200, NEXTCLOUD_STATUS.replace("\"installed\":true", "\"installed\":false")});
        reason(pass(), SpaceConditions.WORKSPACE_VERIFIED).isEqualTo(Reason.NOT_INSTALLED);
        answers.put(host(urls.workspace()), new Object[] {200, "<html>not nextcloud</html>"});
        reason(pass(), SpaceConditions.WORKSPACE_VERIFIED).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void aServiceAccountTheDirectoryRefusesFailsTheSignInOfEveryApp() {
        jobPod(InClusterSelfCheck.WORKSPACE_JOB, "OK", 0);
        jobPod(InClusterSelfCheck.FORUM_JOB, "OK", 0);
        assertThat(pass().status().isReady()).isTrue();
        // Someone changed the account's password in the directory behind the provisioner's back.
        slapd.spaces().setServicePassword("asso", "not-the-one-in-the-secret-" + System.nanoTime());
        SpaceReconciler.Outcome outcome = pass();
        for (String type : SpaceConditions.VERIFICATIONS) {
            reason(outcome, type).isEqualTo(Reason.SIGN_IN_FAILED);
        }
        assertThat(outcome.status().isReady()).isFalse();
    }

    @Test
    void aSuspendedSpaceAndAnAppTurnedOffAreNotChecked() {
        SpaceSpec off = SpaceSpec.of("asso", "Association").withServices(new SpaceSpec.Services(false, true));
        SpaceReconciler.Outcome outcome = reconciler.reconcile(Spaces.space(off));
        reason(outcome, SpaceConditions.EVENTS_VERIFIED).isEqualTo(Reason.DISABLED);
        SpaceReconciler.Outcome suspended = reconciler.reconcile(Spaces.space(spec().withSuspended(true)));
        for (String type : SpaceConditions.VERIFICATIONS) {
            reason(suspended, type).isEqualTo(Reason.SUSPENDED);
        }
    }

    @Test
    void theTerminationMessageProtocol() {
        assertThat(InClusterSelfCheck.JobResult.parse("OK\n", 0).state()).isEqualTo("OK");
        assertThat(InClusterSelfCheck.JobResult.parse("INCOMPLETE missing-apps=a,b", 0)
                        .missing())
                .containsExactly("a", "b");
        assertThat(InClusterSelfCheck.JobResult.parse("FAILED Setting the office address failed.", 3)
                        .step())
                .isEqualTo("Setting the office address failed.");
        assertThat(InClusterSelfCheck.JobResult.parse("PHP Fatal error ...", 255)
                        .step())
                .contains("exit code 255");
        assertThat(InClusterSelfCheck.JobResult.parse(null, 0).failed()).isTrue();
    }
}
