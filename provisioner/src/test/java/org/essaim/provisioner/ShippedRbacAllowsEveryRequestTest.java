package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other test of the module (its own Surefire execution in {@code verify}, see the pom) and reads
 * what {@link KubeRequestLog} recorded: every request the provisioner's and the control plane's code sent to the mock
 * API servers, as their service accounts ({@link MockCluster#provisioner}, {@link MockCluster#controlPlane}).
 * Each must be allowed by the RBAC that ships in deploy/ (evaluated as Kubernetes does, {@link ShippedRbac}), and
 * each verb of each rule must be used by some request: a rule broader than what is sent fails here too.
 */
class ShippedRbacAllowsEveryRequestTest {

    private static final String NAMESPACE = MockCluster.NAMESPACE;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What every authenticated account may do in any cluster (the built-in ClusterRole system:discovery bound to
     * system:authenticated): the client's discovery and version requests.
     */
    private static final PolicyRule DISCOVERY = new PolicyRuleBuilder()
            .withVerbs("get")
            .withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/version", "/version/")
            .build();

    /**
     * Verbs granted that no test sends, each with why. Keep this empty unless a verb is only used on a path the mock
     * cannot take.
     */
    private static final Map<String, String> UNUSED_ON_PURPOSE = Map.of();

    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();
    private static List<Recorded> records;
    private static ShippedRbac rbac;

    record Recorded(
            String actor,
            String server,
            String method,
            String path,
            String contentType,
            int status,
            String body,
            RbacRequest request) {

        @Override
        public String toString() {
            return actor + ": " + method + " " + path + " -> " + status + " (" + request + ")";
        }
    }

    @BeforeAll
    static void read() throws IOException {
        Path directory = Path.of(System.getProperty(KubeRequestLog.DIRECTORY, "target/kube-requests"));
        records = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jsonl"))
                        .sorted()
                        .toList()) {
                    for (String line : Files.readAllLines(file)) {
                        JsonNode json = JSON.readTree(line);
                        String contentType = json.path("contentType").isNull()
                                ? null
                                : json.path("contentType").asText();
                        records.add(new Recorded(
                                json.path("actor").asText(),
                                json.path("server").asText(),
                                json.path("method").asText(),
                                json.path("path").asText(),
                                contentType,
                                json.path("status").asInt(),
                                json.path("body").asText(null),
                                RbacRequest.of(
                                        json.path("method").asText(),
                                        json.path("path").asText(),
                                        contentType,
                                        json.path("status").asInt())));
                    }
                }
            }
        }
        List<HasMetadata> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    manifests.addAll(OFFLINE.load(in).items());
                }
            }
        }
        rbac = new ShippedRbac(manifests);
    }

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    private static List<Recorded> of(String actor) {
        return records.stream().filter(r -> r.actor().equals(actor)).toList();
    }

    private static List<ShippedRbac.Grant> grants(String account) {
        List<ShippedRbac.Grant> grants = new ArrayList<>(rbac.grants(NAMESPACE, account));
        grants.add(new ShippedRbac.Grant(DISCOVERY, null, "ClusterRole system:discovery (built in)"));
        return grants;
    }

    @Test
    void theTestsRecordedTheRequestsOfBothAccounts() {
        assertThat(records)
                .as("every request comes from a known client")
                .allSatisfy(r -> assertThat(r.actor())
                        .isIn(MockCluster.TEST_ACTOR, MockCluster.PROVISIONER, MockCluster.CONTROL_PLANE));
        Assumptions.assumeTrue(wholeRun(), "a run limited with -Dtest records what it runs");
        assertThat(records)
                .as("KubeRequestLog wrote nothing: did the other tests run before this one?")
                .isNotEmpty();
        assertThat(of(MockCluster.PROVISIONER)).hasSizeGreaterThan(100);
        assertThat(of(MockCluster.CONTROL_PLANE)).isNotEmpty();
    }

    /** The code under test given the test's own client would escape the check: its field managers give it away. */
    @Test
    void theTestsOwnClientNeverRunsTheCodeUnderTest() {
        assertThat(of(MockCluster.TEST_ACTOR))
                .as("requests of the provisioner or the control plane sent with"
                        + " MockCluster.client: give the code under test MockCluster.provisioner or .controlPlane")
                .noneMatch(r -> r.path().contains("fieldManager=essaim-"))
                .noneMatch(r ->
                        r.path().contains("essaim.org%2Fmanaged-by") && r.path().contains("watch=true"));
    }

    @Test
    void everyRequestOfTheProvisionerIsAllowedByItsRbac() {
        assertAllowed(MockCluster.PROVISIONER);
    }

    @Test
    void everyRequestOfTheControlPlaneIsAllowedByItsRbac() {
        assertAllowed(MockCluster.CONTROL_PLANE);
    }

    /**
     * In request order, on each mock server: the shipped rules, plus those of each RoleBinding the account made for
     * itself in a namespace (from then on, until that namespace is deleted). Creating a RoleBinding also needs
     * {@code bind} on the role it names (the API server's escalation check), checked here as a request of its own.
     */
    private static void assertAllowed(String account) {
        List<ShippedRbac.Grant> shipped = grants(account);
        Map<String, List<ShippedRbac.Grant>> made = new HashMap<>(); // server + namespace: granted there
        Set<String> refused = new TreeSet<>();
        for (Recorded record : of(account)) {
            List<ShippedRbac.Grant> grants = new ArrayList<>(shipped);
            made.forEach((where, rules) -> {
                if (where.startsWith(record.server() + " ")) {
                    grants.addAll(rules);
                }
            });
            for (RbacRequest request : needs(record)) {
                for (String verb : request.verbs()) {
                    if (grants.stream().noneMatch(g -> g.allows(request, verb))) {
                        refused.add(verb + ": " + record + (request == record.request() ? "" : " needs " + request));
                    }
                }
            }
            RbacRequest request = record.request();
            if (request.isResource()
                    && record.status() < 300
                    && "rolebindings".equals(request.resource())
                    && record.body() != null) {
                made.put(record.server() + " " + request.namespace(), boundRules(record, account));
            }
            if (request.isResource()
                    && record.status() < 300
                    && "namespaces".equals(request.resource())
                    && request.verbs().contains("delete")) {
                made.remove(record.server() + " " + request.name());
            }
        }
        assertThat(refused)
                .as("requests the shipped RBAC would refuse with 403 (deploy/*.yaml)")
                .isEmpty();
    }

    /** The request itself, and for a RoleBinding written, {@code bind} on the role it refers to. */
    static List<RbacRequest> needs(Recorded record) {
        RbacRequest request = record.request();
        if (!request.isResource()
                || !"rolebindings".equals(request.resource())
                || record.body() == null
                || request.verbs().contains("get")) {
            return List.of(request);
        }
        RoleBinding binding = binding(record);
        String kind = binding.getRoleRef().getKind().equals("ClusterRole") ? "clusterroles" : "roles";
        return List.of(
                request,
                new RbacRequest(
                        Set.of("bind"),
                        "rbac.authorization.k8s.io",
                        request.namespace(),
                        kind,
                        null,
                        binding.getRoleRef().getName(),
                        null));
    }

    private static RoleBinding binding(Recorded record) {
        return new KubernetesSerialization().unmarshal(record.body(), RoleBinding.class);
    }

    /** What a RoleBinding the account wrote grants it in its namespace, if it names the account. */
    private static List<ShippedRbac.Grant> boundRules(Recorded record, String account) {
        RoleBinding binding = binding(record);
        binding.getMetadata().setNamespace(record.request().namespace());
        List<HasMetadata> objects = new ArrayList<>(rbac.objects());
        objects.add(binding);
        return new ShippedRbac(objects)
                .grants(NAMESPACE, account).stream()
                        .filter(g -> record.request().namespace().equals(g.namespace()))
                        .toList();
    }

    @Test
    void everyRuleOfTheProvisionerIsUsed() {
        assertEveryRuleUsed(MockCluster.PROVISIONER);
    }

    @Test
    void everyRuleOfTheControlPlaneIsUsed() {
        assertEveryRuleUsed(MockCluster.CONTROL_PLANE);
    }

    /** Each (group, resource, verb, name) a rule grants must be what some recorded request needed. */
    private static void assertEveryRuleUsed(String account) {
        Assumptions.assumeTrue(wholeRun(), "a run limited with -Dtest does not send every request");
        List<Recorded> sent = of(account);
        Set<String> unused = new TreeSet<>();
        List<ShippedRbac.Grant> granted = new ArrayList<>(rbac.grants(NAMESPACE, account));
        if (account.equals(MockCluster.PROVISIONER)) {
            assertThat(rbac.clusterRole(ClusterTarget.SECRETS_ROLE))
                    .as(ClusterTarget.SECRETS_ROLE)
                    .isPresent();
            rbac.clusterRole(ClusterTarget.SECRETS_ROLE)
                    .get()
                    .getRules()
                    .forEach(rule -> granted.add(new ShippedRbac.Grant(
                            rule, null, "ClusterRole " + ClusterTarget.SECRETS_ROLE + " (bound per space)")));
        }
        for (ShippedRbac.Grant grant : granted) {
            PolicyRule rule = grant.rule();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    List<String> names = rule.getResourceNames() == null
                                    || rule.getResourceNames().isEmpty()
                            ? Collections.singletonList(null)
                            : rule.getResourceNames();
                    for (String name : names) {
                        for (String verb : rule.getVerbs()) {
                            String key = grant.source() + " " + group + "/" + resource
                                    + (name == null ? "" : " " + name) + " " + verb;
                            boolean used = sent.stream()
                                    .flatMap(r -> needs(r).stream())
                                    .anyMatch(r -> r.verbs().contains(verb)
                                            && r.isResource()
                                            && r.group().equals(group)
                                            && r.ruleResource().equals(resource)
                                            && (name == null || name.equals(r.name()))
                                            && (grant.namespace() == null
                                                    || grant.namespace().equals(r.namespace())));
                            if (!used && !UNUSED_ON_PURPOSE.containsKey(key)) {
                                unused.add(key);
                            }
                        }
                    }
                }
            }
        }
        assertThat(unused)
                .as("granted but never sent by any test (remove it, or test the path that needs it)")
                .isEmpty();
    }

    private static boolean wholeRun() {
        String partial = System.getProperty("essaim.kube-requests.partial-run", "");
        return partial.isBlank() || partial.startsWith("${");
    }
}
