package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in provisioner/deploy parse as what they claim, and grant no more than the provisioner and the
 * control plane do: the provisioner's rules are derived from what the tenant templates render, verb by verb.
 */
class DeployManifestsTest {

    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("deploy", file))) {
            return OFFLINE.load(in).items();
        }
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found =
                objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** "group/resource" to verbs. */
    private static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> grants = new HashMap<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    String key = group + "/" + resource
                            + (rule.getResourceNames().isEmpty() ? "" : " " + rule.getResourceNames());
                    grants.computeIfAbsent(key, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return grants;
    }

    @Test
    void everyManifestParsesAsTheKubernetesTypeItClaims() throws IOException {
        try (var files = Files.list(Path.of("deploy"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                List<HasMetadata> objects = load(file.getFileName().toString());
                assertThat(objects).as(file.toString()).isNotEmpty();
                for (HasMetadata object : objects) {
                    assertThat(SERIALIZATION.getRegisteredKubernetesResource(object.getApiVersion(), object.getKind()))
                            .as(object.getKind())
                            .isEqualTo(object.getClass());
                }
            }
        }
    }

    @Test
    void theProvisionersClusterRoleIsExactlyWhatTheTemplatesNeed() throws IOException {
        List<HasMetadata> objects = load("provisioner.yaml");
        ClusterRole clusterRole = objects.stream()
                .filter(o ->
                        o instanceof ClusterRole && o.getMetadata().getName().equals("essaim-provisioner"))
                .map(ClusterRole.class::cast)
                .findFirst()
                .orElseThrow();
        Map<String, Set<String>> granted = grants(clusterRole.getRules());

        // What the provisioner does to each kind the templates render: read it (get; watch for drift, but k8up's
        // kinds are not watched), apply it (create, patch); delete it only if some spec removes it (a service turned
        // off, a Job replaced). Never list: the watches start without one.
        Map<String, Set<String>> needed = new HashMap<>();
        List<SpaceSpec> specs = List.of(
                SpaceSpec.of("asso", "A"),
                SpaceSpec.of("asso", "A")
                        .withServices(SpaceSpec.Services.NONE)
                        .withOfficeSuite(OfficeSuite.ONLYOFFICE));
        for (SpaceSpec spec : specs) {
            for (ComponentObjects component :
                    TenantTemplates.render(spec, Fakes.platform()).components()) {
                for (HasMetadata object : component.objects()) {
                    Set<String> verbs = needed.computeIfAbsent(
                            resource(object.getApiVersion(), object.getKind()), k -> new TreeSet<>());
                    verbs.addAll(Set.of("get", "create", "patch"));
                    if (!object.getApiVersion().startsWith("k8up.io/")) {
                        verbs.add("watch");
                    }
                    if ("Job".equals(object.getKind())) {
                        verbs.add("delete");
                    }
                }
                component
                        .absent()
                        .forEach(ref -> needed.computeIfAbsent(
                                        resource(ref.apiVersion(), ref.kind()), k -> new TreeSet<>())
                                .add("delete"));
            }
        }
        needed.get("/namespaces").add("delete");
        // k8up's Backup objects, listed for each space's last successful backup.
        needed.put("k8up.io/backups", new TreeSet<>(Set.of("list")));
        // The RoleBinding of each space's namespace to the Secrets role, and that role only.
        needed.put("rbac.authorization.k8s.io/rolebindings", new TreeSet<>(Set.of("get", "create", "patch")));
        needed.put(
                "rbac.authorization.k8s.io/clusterroles [" + ClusterTarget.SECRETS_ROLE + "]",
                new TreeSet<>(Set.of("bind")));
        // Pods, listed in each space's namespace by the self-check for the configure Jobs' termination messages.
        needed.put("/pods", new TreeSet<>(Set.of("list")));

        assertThat(granted).isEqualTo(needed);
        assertThat(granted).as("no Secret cluster-wide").doesNotContainKey("/secrets");
    }

    /** Secrets only through a RoleBinding the provisioner makes in each space's namespace, never cluster-wide. */
    @Test
    void theProvisionerReadsSecretsOnlyWhereItBindsItsSecretsRole() throws IOException {
        List<HasMetadata> objects = load("provisioner.yaml");
        ClusterRole secrets = objects.stream()
                .filter(o ->
                        o instanceof ClusterRole && o.getMetadata().getName().equals(ClusterTarget.SECRETS_ROLE))
                .map(ClusterRole.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(grants(secrets.getRules())).isEqualTo(Map.of("/secrets", Set.of("get", "create", "patch")));
        assertThat(objects)
                .filteredOn(o -> o instanceof ClusterRoleBinding || o instanceof RoleBinding)
                .as("no shipped binding names the Secrets role")
                .noneMatch(o -> ClusterTarget.SECRETS_ROLE.equals(
                        o instanceof ClusterRoleBinding crb
                                ? crb.getRoleRef().getName()
                                : ((RoleBinding) o).getRoleRef().getName()));
        var binding = new ClusterTarget(OFFLINE, "essaim").secretsBinding("space-asso");
        assertThat(binding.getRoleRef().getName())
                .isEqualTo(secrets.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName())
                    .isEqualTo(only(objects, ServiceAccount.class).getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo("essaim");
        });
    }

    private static String resource(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String plural = switch (kind) {
            case "NetworkPolicy" -> "networkpolicies";
            case "Ingress" -> "ingresses";
            default -> kind.toLowerCase() + "s";
        };
        return group + "/" + plural;
    }

    @Test
    void inItsOwnNamespaceTheProvisionerOnlyReadsSpacesWritesTheirStatusEventsAndItsLease() throws IOException {
        List<HasMetadata> objects = load("provisioner.yaml");
        Role role = only(objects, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("essaim");
        assertThat(grants(role.getRules()))
                .isEqualTo(Map.of(
                        "essaim.org/spaces", Set.of("get", "list", "watch", "patch"),
                        "essaim.org/spaces/status", Set.of("patch"),
                        "/events", Set.of("create"),
                        "coordination.k8s.io/leases", Set.of("create"),
                        "coordination.k8s.io/leases [essaim-provisioner]", Set.of("get", "patch")));
        ServiceAccount account = only(objects, ServiceAccount.class);
        assertThat(only(objects, RoleBinding.class).getSubjects())
                .singleElement()
                .satisfies(s ->
                        assertThat(s.getName()).isEqualTo(account.getMetadata().getName()));
        assertThat(only(objects, ClusterRoleBinding.class).getSubjects())
                .singleElement()
                .satisfies(s ->
                        assertThat(s.getName()).isEqualTo(account.getMetadata().getName()));
    }

    @Test
    void theOperatorRunsTwoRestrictedReplicasAsItsOwnServiceAccount() throws IOException {
        Deployment deployment = only(load("provisioner.yaml"), Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("essaim-provisioner");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getContainers()).singleElement().satisfies(container -> {
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(container.getSecurityContext().getCapabilities().getDrop())
                    .containsExactly("ALL");
            List<String> env = new ArrayList<>(
                    container.getEnv().stream().map(e -> e.getName()).toList());
            assertThat(env)
                    .contains(
                            "POD_NAME",
                            "ESSAIM_NAMESPACE",
                            "ESSAIM_DOMAIN",
                            "ESSAIM_LDAP_URL",
                            "ESSAIM_TENANT_DATABASE_URL");
            container.getEnv().stream()
                    .filter(e -> e.getName().contains("PASSWORD") || e.getName().contains("SECRET"))
                    .forEach(e -> assertThat(e.getValueFrom().getSecretKeyRef())
                            .as(e.getName())
                            .isNotNull());
        });
    }

    @Test
    void theControlPlaneMayOnlyTouchSpacesInItsOwnNamespace() throws IOException {
        List<HasMetadata> objects = load("control-plane-rbac.yaml");
        assertThat(objects).noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
        Role role = only(objects, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("essaim");
        assertThat(grants(role.getRules()))
                .isEqualTo(Map.of("essaim.org/spaces", Set.of("get", "list", "watch", "create", "patch", "delete")));
        assertThat(only(objects, RoleBinding.class).getRoleRef().getKind()).isEqualTo("Role");
    }

    @Test
    void anAdmissionPolicyKeepsTheProvisionerInsideSpaceNamespaces() throws IOException {
        List<HasMetadata> objects = load("provisioner-guard.yaml");
        String yaml = Files.readString(Path.of("deploy", "provisioner-guard.yaml"));
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly(
                        "ValidatingAdmissionPolicy",
                        "ValidatingAdmissionPolicyBinding",
                        "ValidatingAdmissionPolicy",
                        "ValidatingAdmissionPolicyBinding");
        assertThat(yaml)
                .contains("system:serviceaccount:essaim:essaim-provisioner")
                .contains("startsWith('space-')")
                .contains("resources: [schedules, podconfigs, prebackuppods]")
                .contains("resources: [rolebindings]");
        // What the expressions decide: AdmissionGuardCelTest.
    }
}
