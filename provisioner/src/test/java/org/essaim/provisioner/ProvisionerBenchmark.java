package org.essaim.provisioner;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.DatabaseRequirement;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.tenant.TenantTemplates;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The provisioner against fabric8's mock API server in CRUD mode (run apart by {@link MockApiServerMain}), in one
 * run: 10,000 spaces reconciled from nothing (time, API writes per space against its objects), a second full pass
 * over the converged spaces (API writes: the goal is none), the provisioner's heap with 10,000 spaces, then the time
 * from a space's creation to all its objects applied, over 200 spaces created one every 50 ms while the 10,000
 * others are there. The directory and the database server are stand-ins that do nothing here (their costs are
 * measured apart at the end, on the embedded directory and an embedded PostgreSQL).
 *
 * <p>Not a test: run by provisioner/benchmarks/run.sh. Arguments: the mock's URL. System properties:
 * {@code spaces} (10000), {@code latencySpaces} (200), {@code workers} (8).
 */
public final class ProvisionerBenchmark {

    private static final String NAMESPACE = MockCluster.NAMESPACE;

    private ProvisionerBenchmark() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int spaces = Integer.getInteger("spaces", 10_000);
        int latencySpaces = Integer.getInteger("latencySpaces", 200);
        int workers = Integer.getInteger("workers", 8);
        Config config = new ConfigBuilder()
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withNamespace(NAMESPACE)
                .withMaxConcurrentRequests(256)
                .withMaxConcurrentRequestsPerHost(128)
                .withRequestTimeout(120_000)
                .build();
        Counters counters = new Counters(url);
        ProvisionerSettings settings = ProvisionerSettings.defaults(Fakes.platform(), NAMESPACE)
                .withWorkers(workers)
                .withResyncPeriod(Duration.ofHours(12));
        RenderedSpace sample = TenantTemplates.render(SpaceSpec.of("sample", "Sample"), settings.platform());
        int objectsPerSpace = sample.objects().size() + sample.secrets().size();
        List<String> report = new ArrayList<>();
        report.add("# Provisioner benchmark");
        report.add("");
        report.add("JVM " + Runtime.version() + ", max heap "
                + mib(Runtime.getRuntime().maxMemory()) + ", "
                + Runtime.getRuntime().availableProcessors() + " processors, " + workers + " workers; mock API server "
                + "in CRUD mode in its own process at " + url + ".");
        report.add("One space: " + sample.objects().size() + " objects + "
                + sample.secrets().size() + " Secrets = " + objectsPerSpace + " objects to write.");
        report.add("");

        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            SpaceClient controlPlane = new SpaceClient(client, NAMESPACE, null);
            ReadyWatch ready = new ReadyWatch();
            SpaceReconciler reconciler = Fakes.forCluster(
                    client, settings, new StandInDirectory(), new StandInDatabases(), Clock.systemUTC());

            // 1. Ten thousand approved spaces, and no provisioner yet.
            long created = timed(() -> createSpaces(controlPlane, "a", spaces, 8));
            report.add("| Step | Result |");
            report.add("| --- | --- |");
            report.add(
                    "| Create " + spaces + " Space resources (control plane, 8 threads) | " + seconds(created) + " |");
            counters.reset();

            // 2. A provisioner starts and reconciles them all from nothing.
            SpaceOperator operator = new SpaceOperator(client, reconciler, ready, Clock.systemUTC());
            long start = System.nanoTime();
            operator.start();
            waitFor(
                    () -> ready.count() >= spaces && operator.idle(),
                    Duration.ofHours(2),
                    () -> ready.count() + " of " + spaces + " ready");
            long fromNothing = System.nanoTime() - start;
            Map<String, Long> first = counters.reset();
            report.add("| Reconcile " + spaces + " spaces from nothing | " + seconds(fromNothing) + " ("
                    + String.format("%.1f", spaces / (fromNothing / 1e9)) + " spaces/s) |");
            report.add("| API writes, first pass | " + first.get("writes") + " (" + first.get("applies")
                    + " server-side applies of objects and Secrets, " + (first.get("patch") - first.get("applies"))
                    + " status patches, " + first.get("post") + " POST, " + first.get("put") + " PUT, "
                    + first.get("delete") + " DELETE); reads " + first.get("reads") + " |");
            report.add("| API writes per new space vs its objects | "
                    + String.format("%.2f", first.get("applies") / (double) spaces) + " applies for " + objectsPerSpace
                    + " objects (+ "
                    + String.format("%.2f", (first.get("writes") - first.get("applies")) / (double) spaces)
                    + " status write) |");

            // 3. A second full pass over converged spaces.
            long before = operator.reconciliations();
            start = System.nanoTime();
            operator.reconcileEverySpace();
            waitFor(
                    () -> operator.reconciliations() >= before + spaces && operator.idle(),
                    Duration.ofHours(1),
                    () -> (operator.reconciliations() - before) + " of " + spaces + " reconciled");
            long secondPass = System.nanoTime() - start;
            Map<String, Long> second = counters.reset();
            report.add("| Second full pass over " + spaces + " converged spaces | " + seconds(secondPass) + ", API "
                    + "writes: **" + second.get("writes") + "**, reads " + second.get("reads") + " ("
                    + String.format("%.1f", second.get("reads") / (double) spaces) + " per space) |");

            // 4. The provisioner's heap with them all (informer cache, queues, clients).
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(300);
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            report.add("| Provisioner heap with " + spaces + " spaces, after GC | **" + mib(used) + "** (max heap "
                    + mib(Runtime.getRuntime().maxMemory()) + ") |");

            // 4b. The self-check's cost per pass, for real: the in-cluster check of a sample of the converged
            // spaces against apps stood in for on 127.0.0.1 (one HTTP server answering as Nextcloud's status.php,
            // Mobilizon and phpBB would), the ldap module's embedded directory holding the spaces' service
            // accounts, and the mock API server holding each space's two configure Jobs' pods (OK).
            report.addAll(selfCheckCost(client, settings, Math.min(spaces, 500)));

            // 5. Approval to applied, one space at a time among the others.
            controlPlane.start();
            Map<String, Long> createdAt = new ConcurrentHashMap<>();
            for (int i = 0; i < latencySpaces; i++) {
                String slug = "b" + String.format("%05d", i);
                controlPlane.apply(SpaceSpec.of(slug, "Space " + slug));
                createdAt.put(slug, System.nanoTime());
                Thread.sleep(50);
            }
            waitFor(
                    () -> createdAt.keySet().stream().allMatch(ready::isReady),
                    Duration.ofMinutes(30),
                    () -> createdAt.keySet().stream().filter(ready::isReady).count() + " of " + latencySpaces);
            List<Long> latencies = new ArrayList<>();
            createdAt.forEach((slug, at) -> latencies.add(ready.readyAt(slug) - at));
            Collections.sort(latencies);
            Map<String, Long> latencyCounters = counters.reset();
            report.add("| Created to all objects applied, " + latencySpaces + " spaces one every 50 ms | p50 **"
                    + millis(percentile(latencies, 50)) + "**, p99 **" + millis(percentile(latencies, 99))
                    + "**, max " + millis(latencies.get(latencies.size() - 1)) + " |");
            // Here the control plane's own apply of each Space is counted too (one per space).
            report.add("| API writes for those " + latencySpaces + " spaces | " + latencyCounters.get("writes")
                    + ": per space 1 Space applied by the control plane, "
                    + String.format("%.2f", (latencyCounters.get("applies") - latencySpaces) / (double) latencySpaces)
                    + " applies by the provisioner for " + objectsPerSpace + " objects, "
                    + String.format(
                            "%.2f",
                            (latencyCounters.get("patch") - latencyCounters.get("applies")) / (double) latencySpaces)
                    + " status write |");
            controlPlane.close();
            operator.close();
            long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                    .sum();
            report.add("| Garbage collection, whole run | " + gcMillis + " ms |");
        }

        // 6. What the stand-ins left out: the directory and the database server, for real, in this process.
        report.addAll(dependencies());
        report.forEach(System.out::println);
        String out = System.getProperty("report");
        if (out != null) {
            Files.writeString(Path.of(out), String.join("\n", report) + "\n");
        }
        System.exit(0);
    }

    private static List<String> selfCheckCost(KubernetesClient client, ProvisionerSettings settings, int sample)
            throws Exception {
        Path storage = Files.createTempDirectory("essaim-selfcheck-bench");
        HttpServer apps = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        byte[] status = ("{\"installed\":true,\"maintenance\":false,\"needsDbUpgrade\":false,\"version\":"
                        + "\"32.0.1.2\",\"versionstring\":\"32.0.1\",\"edition\":\"\",\"productname\":\"Nextcloud\","
                        + "\"extendedSupport\":false}")
                .getBytes(StandardCharsets.UTF_8);
        apps.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, status.length);
            exchange.getResponseBody().write(status);
            exchange.close();
        });
        apps.setExecutor(Executors.newFixedThreadPool(8));
        apps.start();
        List<String> lines = new ArrayList<>();
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, Fakes.BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            var endpoint = new PlatformSettings.DirectoryEndpoint(
                    "127.0.0.1",
                    embedded.port(),
                    Fakes.BASE_DN,
                    settings.platform().directory().peer());
            URI standIn = URI.create("http://127.0.0.1:" + apps.getAddress().getPort());
            InClusterSelfCheck check = new InClusterSelfCheck(
                    client, endpoint, (namespace, service) -> standIn, InClusterSelfCheck.DEFAULT_TIMEOUT);
            List<Object[]> checked = new ArrayList<>();
            for (int i = 0; i < sample; i++) {
                String slug = "a" + String.format("%05d", i);
                SpaceSpec spec = SpaceSpec.of(slug, "Space " + slug);
                RenderedSpace rendered = TenantTemplates.render(spec, settings.platform());
                String password = new String(
                        Base64.getDecoder()
                                .decode(client.secrets()
                                        .inNamespace(rendered.namespace())
                                        .withName(SpaceSecrets.DIRECTORY)
                                        .get()
                                        .getData()
                                        .get(SpaceSecrets.PASSWORD)),
                        StandardCharsets.UTF_8);
                new SpaceSubtrees(directory).ensureSpace(slug, password);
                for (String job : List.of(InClusterSelfCheck.WORKSPACE_JOB, InClusterSelfCheck.FORUM_JOB)) {
                    client.pods()
                            .inNamespace(rendered.namespace())
                            .resource(new PodBuilder()
                                    .withNewMetadata()
                                    .withName(job + "-x")
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
                                    .withExitCode(0)
                                    .withMessage("OK")
                                    .endTerminated()
                                    .endState()
                                    .endContainerStatus()
                                    .endStatus()
                                    .build())
                            .create();
                }
                checked.add(new Object[] {spec, rendered, password});
            }
            long verified = 0;
            long start = System.nanoTime();
            for (Object[] space : checked) {
                for (SpaceSelfCheck.Verdict verdict :
                        check.check((SpaceSpec) space[0], (RenderedSpace) space[1], (String) space[2])) {
                    verified += SpaceConditions.Reason.VERIFIED.equals(verdict.reason()) ? 1 : 0;
                }
            }
            long took = System.nanoTime() - start;
            SpaceSelfCheck.Cost cost = check.cost().orElseThrow();
            lines.add("| Self-check of " + sample + " converged spaces, one after the other (real check; apps on "
                    + "127.0.0.1, embedded directory, Jobs' pods on the mock) | " + seconds(took) + " ("
                    + String.format("%.1f", took / 1e6 / sample) + " ms per space); " + verified + " of "
                    + (3L * sample) + " apps verified |");
            lines.add("| Self-check requests per space and pass | "
                    + String.format("%.1f", cost.httpRequests() / (double) cost.spaces()) + " HTTP requests to apps, "
                    + String.format("%.1f", cost.ldapBinds() / (double) cost.spaces()) + " LDAP bind, "
                    + String.format("%.1f", cost.ldapSearches() / (double) cost.spaces()) + " LDAP search, "
                    + String.format("%.1f", cost.apiReads() / (double) cost.spaces())
                    + " API read (LIST pods), 0 API writes |");
        } finally {
            apps.stop(0);
        }
        return lines;
    }

    private static void createSpaces(SpaceClient controlPlane, String prefix, int count, int threads)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String slug = prefix + String.format("%05d", i);
                    controlPlane.apply(SpaceSpec.of(slug, "Space " + slug));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }

    private static List<String> dependencies() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Left out above, measured apart (same process, after the run):");
        lines.add("");
        lines.add("| Dependency | New space | Converged space |");
        lines.add("| --- | --- | --- |");
        Path storage = Files.createTempDirectory("benchmark-directory");
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, Fakes.BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            directory.ensureSkeleton();
            SpaceSubtrees spaces = new SpaceSubtrees(directory);
            int n = 500;
            long created = timed(() -> {
                for (int i = 0; i < n; i++) {
                    spaces.ensureSpace("dir" + i, "password-" + i);
                }
            });
            long converged = timed(() -> {
                for (int i = 0; i < n; i++) {
                    spaces.ensureSpace("dir" + i, "password-" + i);
                }
            });
            lines.add("| Directory subtree + service account (UnboundID embedded directory, " + n + " spaces) | "
                    + String.format("%.2f ms", created / 1e6 / n) + " | "
                    + String.format("%.2f ms", converged / 1e6 / n)
                    + " |");
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            TenantPostgres databases = new TenantPostgres(
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "postgres");
            int n = 20;
            List<DatabaseRequirement> requirements = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requirements.addAll(TenantTemplates.render(
                                SpaceSpec.of("pg" + String.format("%03d", i), "P")
                                        .withServices(new SpaceSpec.Services(false, true)),
                                Fakes.platform())
                        .databases());
            }
            long created = timed(() -> requirements.forEach(r -> databases.ensure(r, "pw", true)));
            long converged = timed(() -> requirements.forEach(r -> databases.ensure(r, "pw", false)));
            lines.add("| Database + role (embedded PostgreSQL 17, " + requirements.size() + " databases, "
                    + "2 per space) | " + String.format("%.1f ms", created / 1e6 / requirements.size())
                    + " per database | " + String.format("%.1f ms", converged / 1e6 / requirements.size()) + " |");
        }
        return lines;
    }

    /** Remembers when each space was first seen ready, from the operator's own events. */
    private static final class ReadyWatch implements SpaceEvents {
        private final Map<String, Long> readyAt = new ConcurrentHashMap<>();

        @Override
        public void statusChanged(String slug, SpaceStatus status) {
            if (status.isReady()) {
                readyAt.putIfAbsent(slug, System.nanoTime());
            }
        }

        int count() {
            return readyAt.size();
        }

        boolean isReady(String slug) {
            return readyAt.containsKey(slug);
        }

        long readyAt(String slug) {
            return readyAt.get(slug);
        }
    }

    /** A directory that accepts everything and keeps nothing: its cost is measured apart. */
    private static final class StandInDirectory implements SpaceDirectory {
        @Override
        public Changes ensureSpace(String slug, String servicePassword) {
            return new Changes(0, false);
        }

        @Override
        public void setServicePassword(String slug, String password) {}

        @Override
        public int removeSpace(String slug) {
            return 0;
        }

        @Override
        public String describe() {
            return "stand-in directory";
        }
    }

    /** A database server that accepts everything and keeps nothing: its cost is measured apart. */
    private static final class StandInDatabases implements SpaceDatabases {
        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public String describe() {
            return "stand-in database server";
        }

        @Override
        public void ensure(DatabaseRequirement requirement, String password, boolean passwordIsNew) {}

        @Override
        public List<String> dropSpace(String slug) {
            return List.of();
        }
    }

    /** The mock's request counters, read over HTTP (not counted themselves). */
    private record Counters(String url) {
        Map<String, Long> reset() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(url.replaceAll("/$", "")
                                            + ApplyingCrudDispatcher.COUNTERS_PATH + "?reset=true"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Map<String, Long> values = new ConcurrentHashMap<>();
            for (String pair : body.replaceAll("[{}\"]", "").split(",")) {
                String[] kv = pair.split(":");
                values.put(kv[0], Long.parseLong(kv[1]));
            }
            return values;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private static void waitFor(BooleanSupplier done, Duration timeout, Supplier<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out: " + progress.get());
            }
            if (System.nanoTime() - lastReport > 30_000_000_000L) {
                System.err.println("... " + progress.get());
                lastReport = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    private static long percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
