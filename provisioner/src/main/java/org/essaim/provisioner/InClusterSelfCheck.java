package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceDirectoryNames;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-check in a cluster: for each app of the space that is on,
 * <ol>
 *   <li>its address, from the provisioner's pod, with the Host header a person's browser sends: the workspace's
 *       {@code GET http://nextcloud.<ns>.svc:8080/status.php} must say {@code installed: true},
 *       {@code maintenance: false}, {@code needsDbUpgrade: false}; the events service's and the forum's
 *       {@code GET /} must answer 2xx (phpBB answers 503 while its board is disabled);</li>
 *   <li>its configure Job's result (workspace, forum), read from the termination message of the newest pod of the
 *       Job ({@code OK}, {@code INCOMPLETE missing-apps=a,b}, {@code FAILED <step>}): one LIST of the namespace's
 *       pods for both Jobs;</li>
 *   <li>its directory path: one bind as the space's read-only service account (the account all three apps bind
 *       with) and one search, under the space's people, with the user filter the three apps are configured with
 *       (members of the space's members group). One bind and one search serve the three apps, because their paths
 *       are the same up to there; what follows (a person's own bind) is the directory's, tested by the ldap
 *       module.</li>
 * </ol>
 * Every request has a timeout ({@link #DEFAULT_TIMEOUT}); the HTTP requests of a space run at once, so a hanging
 * app holds the worker for about one timeout. Messages hold no time or counter, so an unchanged result gives an
 * unchanged status and no write.
 */
final class InClusterSelfCheck implements SpaceSelfCheck {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    static final String WORKSPACE_SERVICE = "nextcloud";
    static final String EVENTS_SERVICE = "mobilizon";
    static final String FORUM_SERVICE = "phpbb";
    static final String WORKSPACE_JOB = "nextcloud-configure";
    static final String FORUM_JOB = "phpbb-configure";
    static final int HTTP_PORT = 8080;
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a Service is reached from the provisioner's pod. */
    interface Addresses {
        /** {@code http://<service>.<namespace>.svc:8080}: the cluster's DNS, the apps' Service port. */
        Addresses IN_CLUSTER =
                (namespace, service) -> URI.create("http://" + service + "." + namespace + ".svc:" + HTTP_PORT);

        URI of(String namespace, String service);
    }

    private final KubernetesClient client;
    private final PlatformSettings.DirectoryEndpoint directory;
    private final Addresses addresses;
    private final Duration timeout;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong spaces = new AtomicLong();
    private final AtomicLong httpRequests = new AtomicLong();
    private final AtomicLong ldapBinds = new AtomicLong();
    private final AtomicLong ldapSearches = new AtomicLong();
    private final AtomicLong apiReads = new AtomicLong();

    InClusterSelfCheck(
            KubernetesClient client,
            PlatformSettings.DirectoryEndpoint directory,
            Addresses addresses,
            Duration timeout) {
        this.client = client;
        this.directory = directory;
        this.addresses = addresses;
        this.timeout = timeout;
    }

    static InClusterSelfCheck of(KubernetesClient client, ProvisionerSettings settings) {
        return new InClusterSelfCheck(client, settings.platform().directory(), Addresses.IN_CLUSTER, DEFAULT_TIMEOUT);
    }

    @Override
    public boolean applicable() {
        return true;
    }

    @Override
    public Optional<Cost> cost() {
        return Optional.of(
                new Cost(spaces.get(), httpRequests.get(), ldapBinds.get(), ldapSearches.get(), apiReads.get()));
    }

    @Override
    public List<Verdict> check(SpaceSpec spec, RenderedSpace rendered, String servicePassword) {
        spaces.incrementAndGet();
        String namespace = rendered.namespace();
        var urls = rendered.urls();
        CompletableFuture<HttpAnswer> workspace =
                get(namespace, WORKSPACE_SERVICE, host(urls.workspace()), "/status.php");
        CompletableFuture<HttpAnswer> events =
                urls.events() == null ? null : get(namespace, EVENTS_SERVICE, host(urls.events()), "/");
        CompletableFuture<HttpAnswer> forum =
                urls.forum() == null ? null : get(namespace, FORUM_SERVICE, host(urls.forum()), "/");
        CompletableFuture<Optional<String>> signIn =
                CompletableFuture.supplyAsync(() -> signIn(spec.slug(), servicePassword), threads);
        Map<String, JobResult> jobs = jobResults(namespace);

        Optional<String> signInTrouble = signIn.join();
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(workspace(workspace.join(), jobs.get(WORKSPACE_JOB), signInTrouble, urls.workspace()));
        if (events != null) {
            verdicts.add(web(
                    SpaceConditions.EVENTS_VERIFIED,
                    "The events service",
                    events.join(),
                    null,
                    signInTrouble,
                    urls.events()));
        }
        if (forum != null) {
            verdicts.add(web(
                    SpaceConditions.FORUM_VERIFIED,
                    "The forum",
                    forum.join(),
                    jobs.get(FORUM_JOB),
                    signInTrouble,
                    urls.forum()));
        }
        return verdicts;
    }

    // --- what each app's answers make ---

    private Verdict workspace(HttpAnswer answer, JobResult job, Optional<String> signIn, String url) {
        String type = SpaceConditions.WORKSPACE_VERIFIED;
        if (job != null && job.failed()) {
            return job.verdict(type, "workspace");
        }
        if (answer.trouble() != null) {
            return Verdict.failed(
                    type,
                    Reason.UNREACHABLE,
                    "The workspace (Nextcloud) does not answer at " + answer.address() + ": " + answer.trouble() + ".");
        }
        JsonNode status;
        try {
            status = JSON.readTree(answer.body());
        } catch (IOException e) {
            status = null;
        }
        if (status == null || !status.isObject() || !status.has("installed")) {
            return Verdict.failed(
                    type,
                    Reason.UNREACHABLE,
                    "The workspace's status.php at " + answer.address()
                            + " did not answer with Nextcloud's status (JSON with \"installed\").");
        }
        if (!status.path("installed").asBoolean(false)) {
            return Verdict.failed(
                    type,
                    Reason.NOT_INSTALLED,
                    "The workspace (Nextcloud) is not installed yet: its "
                            + "first start installs it; if this lasts, read the Nextcloud pod's log.");
        }
        if (status.path("maintenance").asBoolean(false)) {
            return Verdict.failed(
                    type,
                    Reason.MAINTENANCE,
                    "The workspace (Nextcloud) is in maintenance mode: "
                            + "members cannot use it. An upgrade or a backup in progress does this; if it lasts, run "
                            + "`occ maintenance:mode --off` in the Nextcloud pod.");
        }
        if (status.path("needsDbUpgrade").asBoolean(false)) {
            return Verdict.failed(
                    type,
                    Reason.MAINTENANCE,
                    "The workspace (Nextcloud) waits for its database "
                            + "upgrade (`occ upgrade`), which its start runs.");
        }
        if (job == null || job.running()) {
            return new Verdict(
                    type,
                    SpaceConditions.UNKNOWN,
                    Reason.CONFIGURING,
                    "The workspace answers; its " + "configure Job (" + WORKSPACE_JOB + ") has not finished yet.");
        }
        if (job.incomplete()) {
            return job.verdict(type, "workspace");
        }
        if (signIn.isPresent()) {
            return Verdict.failed(type, Reason.SIGN_IN_FAILED, "Sign-in to the workspace cannot work: " + signIn.get());
        }
        return Verdict.ok(
                type,
                "The workspace answers at " + url + " (installed, not in maintenance), its "
                        + "configuration is complete, and its directory path works.");
    }

    private Verdict web(
            String type, String label, HttpAnswer answer, JobResult job, Optional<String> signIn, String url) {
        if (job != null && job.failed()) {
            return job.verdict(type, label.toLowerCase(Locale.ROOT).replace("the ", ""));
        }
        if (answer.trouble() != null) {
            return Verdict.failed(
                    type,
                    Reason.UNREACHABLE,
                    label + " does not answer at " + answer.address() + ": " + answer.trouble() + ".");
        }
        boolean hasJob = SpaceConditions.FORUM_VERIFIED.equals(type);
        if (hasJob && (job == null || job.running())) {
            return new Verdict(
                    type,
                    SpaceConditions.UNKNOWN,
                    Reason.CONFIGURING,
                    label + " answers; its configure " + "Job (" + FORUM_JOB + ") has not finished yet.");
        }
        if (job != null && job.incomplete()) {
            return job.verdict(type, label.toLowerCase(Locale.ROOT).replace("the ", ""));
        }
        if (signIn.isPresent()) {
            return Verdict.failed(
                    type,
                    Reason.SIGN_IN_FAILED,
                    "Sign-in to " + label.toLowerCase(Locale.ROOT) + " cannot work: " + signIn.get());
        }
        return Verdict.ok(
                type,
                label + " answers at " + url + (hasJob ? ", its configuration is complete," : "")
                        + " and its directory path works.");
    }

    // --- configure Jobs: the termination-message protocol ---

    /**
     * What a configure Job's newest pod says.
     *
     * @param state   OK, INCOMPLETE, FAILED, RUNNING
     * @param missing the apps INCOMPLETE names
     * @param step    the sentence FAILED gives (or what is known when the line is missing)
     */
    record JobResult(String state, List<String> missing, String step) {

        static final JobResult RUNNING = new JobResult("RUNNING", List.of(), null);

        boolean failed() {
            return "FAILED".equals(state);
        }

        boolean running() {
            return "RUNNING".equals(state);
        }

        boolean incomplete() {
            return "INCOMPLETE".equals(state);
        }

        /**
         * The protocol's line (the last non-empty line of the message: with {@code FallbackToLogsOnError} a message
         * may be the log's tail, whose last line is the one the script wrote last).
         */
        static JobResult parse(String message, Integer exitCode) {
            String line = "";
            if (message != null) {
                String[] lines = message.strip().split("\n");
                line = lines[lines.length - 1].strip();
            }
            if (line.equals("OK")) {
                return new JobResult("OK", List.of(), null);
            }
            if (line.startsWith("INCOMPLETE")) {
                String rest = line.substring("INCOMPLETE".length()).strip();
                List<String> missing = new ArrayList<>();
                if (rest.startsWith("missing-apps=")) {
                    for (String app : rest.substring("missing-apps=".length()).split(",")) {
                        if (!app.isBlank()) {
                            missing.add(app.strip());
                        }
                    }
                }
                return new JobResult("INCOMPLETE", List.copyOf(missing), null);
            }
            if (line.startsWith("FAILED")) {
                String step = line.substring("FAILED".length()).strip();
                return new JobResult("FAILED", List.of(), step.isEmpty() ? null : step);
            }
            return new JobResult(
                    "FAILED",
                    List.of(),
                    exitCode == null || exitCode == 0
                            ? "it ended without reporting its result (no OK, INCOMPLETE or FAILED line)"
                            : "it ended with exit code " + exitCode + " without saying which step failed");
        }

        Verdict verdict(String type, String app) {
            if (incomplete()) {
                return Verdict.failed(
                        type,
                        Reason.APPS_MISSING,
                        "The " + app + " is configured, but these apps are "
                                + "missing from its image: "
                                + (missing.isEmpty() ? "(not named)" : String.join(", ", missing))
                                + ". Build the image with them (see app-versions.yaml) and roll it out.");
            }
            return Verdict.failed(
                    type,
                    Reason.CONFIGURATION_FAILED,
                    "The " + app + "'s configure Job failed: "
                            + (step == null ? "it did not say which step" : step)
                            + (step != null && step.endsWith(".") ? "" : ".")
                            + " Read the Job's log in the space's namespace.");
        }
    }

    /** The configure Jobs' results, by Job name; a Job without a pod yet is RUNNING. One LIST of the pods. */
    private Map<String, JobResult> jobResults(String namespace) {
        List<Pod> pods;
        try {
            apiReads.incrementAndGet();
            pods = client.pods().inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            // Unknown for both: RUNNING keeps the condition Unknown rather than claiming a failure of the app.
            return Map.of(WORKSPACE_JOB, JobResult.RUNNING, FORUM_JOB, JobResult.RUNNING);
        }
        return Map.of(WORKSPACE_JOB, jobResult(pods, WORKSPACE_JOB), FORUM_JOB, jobResult(pods, FORUM_JOB));
    }

    static JobResult jobResult(List<Pod> pods, String job) {
        Optional<Pod> newest = pods.stream()
                .filter(pod -> job.equals(jobName(pod)))
                .max(Comparator.comparing(
                        pod -> Optional.ofNullable(pod.getMetadata().getCreationTimestamp())
                                .orElse("")));
        if (newest.isEmpty() || newest.get().getStatus() == null) {
            return JobResult.RUNNING;
        }
        List<ContainerStatus> statuses = Optional.ofNullable(
                        newest.get().getStatus().getContainerStatuses())
                .orElse(List.of());
        ContainerStatus configure = statuses.stream()
                .filter(s -> "configure".equals(s.getName()))
                .findFirst()
                .orElse(statuses.isEmpty() ? null : statuses.getFirst());
        if (configure == null) {
            return JobResult.RUNNING;
        }
        ContainerStateTerminated terminated = Optional.ofNullable(configure.getState())
                .map(ContainerState::getTerminated)
                .orElse(null);
        if (terminated != null) {
            return JobResult.parse(terminated.getMessage(), terminated.getExitCode());
        }
        // Running again after a failure (restartPolicy OnFailure): the last attempt's FAILED line is what is known.
        ContainerStateTerminated last = Optional.ofNullable(configure.getLastState())
                .map(ContainerState::getTerminated)
                .orElse(null);
        if (last != null) {
            JobResult previous = JobResult.parse(last.getMessage(), last.getExitCode());
            if (previous.failed()) {
                return new JobResult(
                        "FAILED",
                        List.of(),
                        (previous.step() == null ? "its last attempt failed" : previous.step())
                                + " (it is being retried)");
            }
        }
        return JobResult.RUNNING;
    }

    private static String jobName(Pod pod) {
        Map<String, String> labels =
                Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return labels.getOrDefault("batch.kubernetes.io/job-name", labels.get("job-name"));
    }

    // --- the directory path ---

    /** Empty when the service account binds and the apps' user search answers; otherwise what went wrong. */
    private Optional<String> signIn(String slug, String servicePassword) {
        SpaceDirectoryNames names = SpaceDirectoryNames.of(slug, directory.baseDn());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) timeout.toMillis());
        options.setResponseTimeoutMillis(timeout.toMillis());
        try (LDAPConnection connection = connect(options)) {
            ldapBinds.incrementAndGet();
            connection.bind(names.serviceAccount(), servicePassword);
            ldapSearches.incrementAndGet();
            SearchRequest search = new SearchRequest(names.people(), SearchScope.ONE, userFilter(names), "1.1");
            search.setSizeLimit(1);
            search.setTimeLimitSeconds((int) Math.max(1, timeout.toSeconds()));
            try {
                connection.search(search);
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw e;
                }
            }
            return Optional.empty();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return Optional.of("the directory refuses the space's service account (its password in Secret "
                        + "`directory` does not open it); the provisioner resets it when that Secret is deleted.");
            }
            return Optional.of("the directory at " + directory.url() + " does not answer the apps' search ("
                    + e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage())
                    + ").");
        } catch (Exception e) {
            return Optional.of("the directory at " + directory.url() + " cannot be reached securely ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    /** The user filter the three apps share (the workspace's, the forum's; the events service's group). */
    static String userFilter(SpaceDirectoryNames names) {
        return "(&(objectClass=inetOrgPerson)(memberOf=" + names.members() + "))";
    }

    private LDAPConnection connect(LDAPConnectionOptions options) throws Exception {
        PlatformSettings.DirectorySecurity security = directory.security();
        if (security == PlatformSettings.DirectorySecurity.PLAIN) {
            return new LDAPConnection(options, directory.host(), directory.port());
        }
        SSLUtil ssl = new SSLUtil(trustManager());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        if (security == PlatformSettings.DirectorySecurity.LDAPS) {
            return new LDAPConnection(ssl.createSSLSocketFactory(), options, directory.host(), directory.port());
        }
        LDAPConnection connection = new LDAPConnection(options, directory.host(), directory.port());
        try {
            connection.processExtendedOperation(new StartTLSExtendedRequest(ssl.createSSLSocketFactory()));
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    private TrustManager trustManager() throws Exception {
        if (directory.caCertificate() == null) {
            return JVMDefaultTrustManager.getInstance();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(
                        new ByteArrayInputStream(directory.caCertificate().getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers()[0];
    }

    // --- HTTP, by hand: the JDK's clients refuse to set Host, which is the whole point here ---

    /** An answer, or (trouble set) why there is none. */
    record HttpAnswer(String address, int status, String body, String trouble) {}

    private CompletableFuture<HttpAnswer> get(String namespace, String service, String host, String path) {
        URI base = addresses.of(namespace, service);
        httpRequests.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> get(base, host, path, timeout), threads);
    }

    /**
     * {@code GET path} on base's host and port with {@code Host: host}, HTTP/1.1, {@code Connection: close}; the
     * whole exchange bounded by the timeout (connect, then every read), the body by {@value #MAX_BODY} bytes.
     */
    static HttpAnswer get(URI base, String host, String path, Duration timeout) {
        String address = base.getHost() + ":" + base.getPort() + path;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: essaim-provisioner-self-check"
                            + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] raw = readAll(socket.getInputStream(), deadline);
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int headersEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || headersEnd < 0) {
                return new HttpAnswer(address, 0, "", "it did not answer HTTP");
            }
            String[] head = text.substring(0, headersEnd).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            boolean chunked = false;
            for (String header : head) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = Arrays.copyOfRange(raw, headersEnd + 4, raw.length);
            if (chunked) {
                body = dechunk(body);
            }
            String bodyText = new String(body, StandardCharsets.UTF_8);
            if (status < 200 || status > 299) {
                return new HttpAnswer(address, status, bodyText, "it answered HTTP " + status);
            }
            return new HttpAnswer(address, status, bodyText, null);
        } catch (SocketTimeoutException e) {
            return new HttpAnswer(address, 0, "", "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException | RuntimeException e) {
            return new HttpAnswer(
                    address, 0, "", "it cannot be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] readAll(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("deadline");
            }
        }
        return out.toByteArray();
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].strip();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            int end = Math.min(body.length, start + size);
            out.write(body, start, end - start);
            i = end + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }
}
