package org.essaim.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.provisioner.ProvisionerConfiguration;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renders the Helm chart (control-plane/deploy/helm/essaim) with Helm's own engine, helm-java, as
 * {@code helm template} would, and checks the objects: each parses as the Kubernetes type it claims, the CRD and the
 * RBAC are those of provisioner/deploy, the workloads are what production needs, values land where they should, and
 * every environment variable set is one the application reads.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("deploy", "helm", "essaim");
    private static final Path PROVISIONER_DEPLOY = Path.of("..", "provisioner", "deploy");
    private static final String NAMESPACE = "essaim-prod";
    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    /** The values every install must give, and nothing else. */
    private static TemplateCommand chart() {
        return new Helm(CHART)
                .template()
                .withName("essaim")
                .withNamespace(NAMESPACE)
                .set("domain", "spaces.example.org")
                .set("publicUrl", "https://essaim.example.org")
                .set("directory.url", "ldaps://ldap.example.org:636")
                .set("directory.baseDn", "dc=essaim,dc=org")
                .set("database.url", "jdbc:postgresql://db.example.org:5432/essaim");
    }

    private static Rendered render(TemplateCommand command) {
        String yaml = command.call();
        try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
            return new Rendered(OFFLINE.load(in).items());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<HasMetadata> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return OFFLINE.load(in).items();
        }
    }

    private record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T only(Class<T> type, String name) {
            List<T> found = all(type).stream()
                    .filter(o -> o.getMetadata().getName().equals(name))
                    .toList();
            assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
            return found.get(0);
        }

        Container container(String deployment) {
            List<Container> containers = only(Deployment.class, deployment)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers();
            assertThat(containers).hasSize(1);
            return containers.get(0);
        }

        /** The container's environment as the pod would see it: references shown as what they point to. */
        Map<String, String> env(String deployment) {
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar variable : container(deployment).getEnv()) {
                assertThat(env).as("set twice: " + variable.getName()).doesNotContainKey(variable.getName());
                env.put(variable.getName(), resolve(variable));
            }
            return env;
        }

        private static String resolve(EnvVar variable) {
            if (variable.getValueFrom() == null) {
                return variable.getValue();
            }
            var from = variable.getValueFrom();
            if (from.getSecretKeyRef() != null) {
                return "secret " + from.getSecretKeyRef().getName() + "/"
                        + from.getSecretKeyRef().getKey();
            }
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.namespace" -> NAMESPACE;
                case "metadata.name" -> "essaim-provisioner-7d4f9-x2x8q";
                default ->
                    throw new AssertionError(
                            "unexpected field " + from.getFieldRef().getFieldPath());
            };
        }
    }

    @Test
    void everyReplicaGetsTheSameTwoStepKeyFromOneSecret() {
        assertThat(render(chart()).env("essaim-control-plane"))
                .containsEntry("ESSAIM_TWO_STEP_KEY", "secret essaim-two-step/key")
                .containsEntry("ESSAIM_TWO_STEP_REQUIRED_FOR_STAFF", "false");
        assertThat(render(chart().set("twoStep.existingSecret", "ops-two-step")
                                .set("twoStep.key", "aes")
                                .set("twoStep.requiredForStaff", true))
                        .env("essaim-control-plane"))
                .containsEntry("ESSAIM_TWO_STEP_KEY", "secret ops-two-step/aes")
                .containsEntry("ESSAIM_TWO_STEP_REQUIRED_FOR_STAFF", "true");
    }

    @Test
    void everyRenderedDocumentParsesAsTheKubernetesTypeItClaims() {
        Rendered rendered = render(chart());

        assertThat(rendered.objects())
                .isNotEmpty()
                .allSatisfy(object -> assertThat(
                                SERIALIZATION.getRegisteredKubernetesResource(object.getApiVersion(), object.getKind()))
                        .as(object.getKind() + " " + object.getMetadata().getName())
                        .isEqualTo(object.getClass()));
        assertThat(rendered.objects())
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "ValidatingAdmissionPolicy",
                        "ValidatingAdmissionPolicyBinding",
                        "ValidatingAdmissionPolicy",
                        "ValidatingAdmissionPolicyBinding",
                        "Deployment",
                        "Service",
                        "Ingress",
                        "NetworkPolicy",
                        "PodDisruptionBudget");
        assertThat(rendered.objects())
                .filteredOn(
                        o -> !o.getKind().startsWith("Cluster") && !o.getKind().startsWith("ValidatingAdmission"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind())
                        .isEqualTo(NAMESPACE));
        assertThat(rendered.objects())
                .as("no Secret: secrets are referenced by name, never made from values")
                .noneMatch(o -> o.getKind().equals("Secret"));
    }

    /** {@code helm lint --strict} on a copy of the chart whose values.yaml holds the required values. */
    @Test
    void helmLintsTheChartWithoutWarnings(@TempDir Path copy) throws IOException {
        try (var files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Map<String, Object> values = new Yaml().load(Files.readString(copy.resolve("values.yaml")));
        values.put("domain", "spaces.example.org");
        values.put("publicUrl", "https://essaim.example.org");
        nested(values, "directory").put("url", "ldap://ldap:389");
        nested(values, "directory").put("baseDn", "dc=essaim");
        nested(values, "database").put("url", "jdbc:postgresql://db:5432/essaim");
        Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(values));

        LintResult lint = new Helm(copy).lint().strict().call();

        assertThat(lint.getMessages())
                .as(String.join("\n", lint.getMessages()))
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        assertThat(lint.isFailed()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> values, String key) {
        return (Map<String, Object>) values.get(key);
    }

    @Test
    void theSpaceCrdIsTheProvisionersFileUnchanged() throws IOException {
        Path source = PROVISIONER_DEPLOY.resolve("space-crd.yaml");
        assertThat(Files.readString(CHART.resolve("crds/space-crd.yaml")))
                .as(
                        "control-plane/deploy/helm/essaim/crds/space-crd.yaml must be a copy of provisioner/deploy/space-crd.yaml:"
                                + " cp provisioner/deploy/space-crd.yaml control-plane/deploy/helm/essaim/crds/")
                .isEqualTo(Files.readString(source));

        // Helm installs what crds/ holds before the templates, and never deletes it (the Spaces would go with it).
        String crds = new Helm(CHART).show().crds().call();
        try (InputStream in = new ByteArrayInputStream(crds.getBytes(StandardCharsets.UTF_8))) {
            assertThat(OFFLINE.load(in).items())
                    .singleElement()
                    .isInstanceOf(CustomResourceDefinition.class)
                    .isEqualTo(load(source).get(0));
        }
    }

    @Test
    void rbacIsExactlyThatOfProvisionerDeploy() throws IOException {
        Rendered rendered = render(chart());
        List<HasMetadata> provisioner = load(PROVISIONER_DEPLOY.resolve("provisioner.yaml"));
        List<HasMetadata> controlPlane = load(PROVISIONER_DEPLOY.resolve("control-plane-rbac.yaml"));

        for (String name : List.of("essaim-provisioner", "essaim-provisioner-space-secrets")) {
            assertThat(rendered.only(ClusterRole.class, name).getRules())
                    .as(name)
                    .isEqualTo(new Rendered(provisioner)
                            .only(ClusterRole.class, name)
                            .getRules());
        }
        assertThat(rendered.only(Role.class, "essaim-provisioner").getRules())
                .isEqualTo(only(provisioner, Role.class).getRules());
        assertThat(rendered.only(Role.class, "essaim-control-plane").getRules())
                .isEqualTo(only(controlPlane, Role.class).getRules());
        assertThat(rendered.all(ClusterRole.class))
                .extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("essaim-provisioner", "essaim-provisioner-space-secrets");

        Subject provisionerAccount = new Subject(null, "ServiceAccount", "essaim-provisioner", NAMESPACE);
        assertThat(rendered.only(ClusterRoleBinding.class, "essaim-provisioner").getSubjects())
                .containsExactly(provisionerAccount);
        assertThat(rendered.only(ClusterRoleBinding.class, "essaim-provisioner").getRoleRef())
                .isEqualTo(only(provisioner, ClusterRoleBinding.class).getRoleRef());
        assertThat(rendered.only(RoleBinding.class, "essaim-provisioner").getSubjects())
                .containsExactly(provisionerAccount);
        assertThat(rendered.only(RoleBinding.class, "essaim-provisioner").getRoleRef())
                .isEqualTo(only(provisioner, RoleBinding.class).getRoleRef());
        assertThat(rendered.only(RoleBinding.class, "essaim-control-plane").getSubjects())
                .containsExactly(new Subject(null, "ServiceAccount", "essaim-control-plane", NAMESPACE));
        assertThat(rendered.only(RoleBinding.class, "essaim-control-plane").getRoleRef())
                .isEqualTo(only(controlPlane, RoleBinding.class).getRoleRef());
        assertThat(rendered.only(ServiceAccount.class, "essaim-provisioner").getAutomountServiceAccountToken())
                .isTrue();
        assertThat(rendered.only(Deployment.class, "essaim-control-plane")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName())
                .isEqualTo("essaim-control-plane");
        assertThat(rendered.only(Deployment.class, "essaim-provisioner")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName())
                .isEqualTo("essaim-provisioner");
    }

    @Test
    void theAdmissionGuardIsProvisionerDeploysForTheReleaseNamespace() throws IOException {
        Rendered rendered = render(chart());
        String guardYaml = Files.readString(PROVISIONER_DEPLOY.resolve("provisioner-guard.yaml"))
                .replace("system:serviceaccount:essaim:", "system:serviceaccount:" + NAMESPACE + ":")
                .replace(
                        "object.subjects[0].namespace == 'essaim'",
                        "object.subjects[0].namespace == '" + NAMESPACE + "'");
        Rendered guard;
        try (InputStream in = new ByteArrayInputStream(guardYaml.getBytes(StandardCharsets.UTF_8))) {
            guard = new Rendered(OFFLINE.load(in).items());
        }
        assertThat(rendered.all(ValidatingAdmissionPolicy.class))
                .hasSize(guard.all(ValidatingAdmissionPolicy.class).size());
        for (ValidatingAdmissionPolicy expected : guard.all(ValidatingAdmissionPolicy.class)) {
            String name = expected.getMetadata().getName();
            assertThat(rendered.only(ValidatingAdmissionPolicy.class, name).getSpec())
                    .as(name)
                    .isEqualTo(expected.getSpec());
            assertThat(rendered.only(ValidatingAdmissionPolicyBinding.class, name)
                            .getSpec())
                    .as(name)
                    .isEqualTo(guard.only(ValidatingAdmissionPolicyBinding.class, name)
                            .getSpec());
        }
        assertThat(render(chart().set("provisioner.admissionGuard.enabled", false))
                        .objects())
                .noneMatch(o -> o.getKind().startsWith("ValidatingAdmission"));
    }

    @Test
    void theControlPlaneRunsRestrictedReplicasProbedOnItsManagementPort() {
        Rendered rendered = render(chart());
        Deployment deployment = rendered.only(Deployment.class, "essaim-control-plane");
        Container container = rendered.container("essaim-control-plane");

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertRestricted(deployment.getSpec().getTemplate().getSpec(), container);
        assertThat(rendered.env("essaim-control-plane"))
                .containsEntry("MANAGEMENT_SERVER_PORT", "8081")
                .containsEntry("SERVER_PORT", "8080")
                .containsEntry("SPRINGDOC_USE_MANAGEMENT_PORT", "true")
                .containsEntry("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,prometheus,openapi");
        assertThat(container.getPorts())
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("management");
                    assertThat(p.getContainerPort()).isEqualTo(8081);
                })
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("http");
                    assertThat(p.getContainerPort()).isEqualTo(8080);
                });
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                .allSatisfy(probe ->
                        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));

        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget budget = rendered.only(PodDisruptionBudget.class, "essaim-control-plane");
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(podLabels)
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        Service service = rendered.only(Service.class, "essaim-control-plane");
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theProvisionerRunsTwoRestrictedReplicasThatElectALeader() {
        Rendered rendered = render(chart());
        Deployment deployment = rendered.only(Deployment.class, "essaim-provisioner");

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertRestricted(deployment.getSpec().getTemplate().getSpec(), rendered.container("essaim-provisioner"));
        // Leader election: each replica stands under its own pod name for the Lease its Role lets it hold.
        EnvVar podName = rendered.container("essaim-provisioner").getEnv().stream()
                .filter(e -> e.getName().equals("POD_NAME"))
                .findFirst()
                .orElseThrow();
        assertThat(podName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(rendered.only(Role.class, "essaim-provisioner").getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getResourceNames()).containsExactly("essaim-provisioner");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
        });

        ProvisionerConfiguration configuration =
                ProvisionerConfiguration.fromEnvironment(rendered.env("essaim-provisioner"));
        assertThat(configuration.identity()).isEqualTo("essaim-provisioner-7d4f9-x2x8q");
        assertThat(configuration.settings().namespace()).isEqualTo(NAMESPACE);
        assertThat(configuration.settings().platform().domain()).isEqualTo("spaces.example.org");
        assertThat(configuration.settings().platform().storageClass())
                .as("cluster default")
                .isNull();
        assertThat(configuration.directory().url()).isEqualTo("ldaps://ldap.example.org:636");
        assertThat(configuration.directory().bindDn()).isEqualTo("cn=control-plane,dc=essaim,dc=org");
        assertThat(configuration.directory().bindPassword()).isEqualTo("secret essaim-directory/bind-password");
        assertThat(configuration.settings().gracePeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(configuration.databaseUrl()).as("no tenant database given").isNull();
    }

    private static void assertRestricted(PodSpec pod, Container container) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(container.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().matches(".*(PASSWORD|SECRET|USER|USERNAME)"))
                .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef())
                        .as(e.getName())
                        .isNotNull());
    }

    @Test
    void valuesLandWhereTheApplicationReadsThem() {
        Rendered rendered = render(chart().set("storageClass", "fast-ssd")
                .set("directory.bindDn", "cn=essaim-admin,dc=essaim,dc=org")
                .set("directory.existingSecret", "ldap-creds")
                .set("database.existingSecret", "pg-creds")
                .set("tenantDatabase.url", "jdbc:postgresql://tenants.example.org:5432/postgres")
                .set("tenantDatabase.existingSecret", "tenant-creds")
                .set("mail.host", "smtp.example.org")
                .set("mail.port", 465)
                .set("mail.starttls", false)
                .set("mail.from", "Essaim <bonjour@example.org>")
                .set("mail.existingSecret", "smtp-creds")
                .set("controlPlane.bootstrapPassword.existingSecret", "first-staff")
                .set("office.onlyoffice.enabled", true)
                .set("office.onlyoffice.jwtSecret.existingSecret", "office")
                .set("provisioner.workers", 8)
                .set("provisioner.gracePeriod", "P7D"));

        ProvisionerConfiguration provisioner =
                ProvisionerConfiguration.fromEnvironment(rendered.env("essaim-provisioner"));
        assertThat(provisioner.settings().platform().storageClass()).isEqualTo("fast-ssd");
        assertThat(provisioner.directory().bindDn()).isEqualTo("cn=essaim-admin,dc=essaim,dc=org");
        assertThat(provisioner.directory().bindPassword()).isEqualTo("secret ldap-creds/bind-password");
        assertThat(provisioner.databaseUrl()).isEqualTo("jdbc:postgresql://tenants.example.org:5432/postgres");
        assertThat(provisioner.databaseUser()).isEqualTo("secret tenant-creds/username");
        assertThat(provisioner.settings().platform().database().host()).isEqualTo("tenants.example.org");
        assertThat(provisioner.settings().workers()).isEqualTo(8);
        assertThat(provisioner.settings().gracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(provisioner.settings().platformSecrets()).containsKey("office-onlyoffice");
        assertThat(provisioner.settings().platform().office().offered())
                .containsExactly(OfficeSuite.COLLABORA, OfficeSuite.ONLYOFFICE);
        assertThat(provisioner
                        .settings()
                        .platform()
                        .office()
                        .onlyoffice()
                        .internalUrl()
                        .toString())
                .isEqualTo("http://onlyoffice.essaim-prod.svc.cluster.local:80");

        // The control plane's environment, read the way Spring Boot reads environment variables.
        Binder spring = springBinder(rendered.env("essaim-control-plane"));
        assertThat(spring.bind("essaim.spaces.domain", String.class).get()).isEqualTo("spaces.example.org");
        assertThat(spring.bind("essaim.public-url", String.class).get()).isEqualTo("https://essaim.example.org");
        assertThat(spring.bind("essaim.ldap.url", String.class).get()).isEqualTo("ldaps://ldap.example.org:636");
        assertThat(spring.bind("essaim.ldap.base-dn", String.class).get()).isEqualTo("dc=essaim,dc=org");
        assertThat(spring.bind("essaim.ldap.bind-dn", String.class).get())
                .isEqualTo("cn=essaim-admin,dc=essaim,dc=org");
        assertThat(spring.bind("essaim.ldap.bind-password", String.class).get())
                .isEqualTo("secret ldap-creds/bind-password");
        assertThat(spring.bind("essaim.kubernetes.mode", String.class).get()).isEqualTo("cluster");
        assertThat(spring.bind("essaim.kubernetes.namespace", String.class).get())
                .isEqualTo(NAMESPACE);
        assertThat(spring.bind("essaim.bootstrap.staff-password", String.class).get())
                .isEqualTo("secret first-staff/staff-password");
        assertThat(spring.bind("essaim.mail.from", String.class).get()).isEqualTo("Essaim <bonjour@example.org>");
        assertThat(spring.bind("spring.datasource.url", String.class).get())
                .isEqualTo("jdbc:postgresql://db.example.org:5432/essaim");
        assertThat(spring.bind("spring.datasource.username", String.class).get())
                .isEqualTo("secret pg-creds/username");
        assertThat(spring.bind("spring.mail.host", String.class).get()).isEqualTo("smtp.example.org");
        assertThat(spring.bind("spring.mail.port", Integer.class).get()).isEqualTo(465);
        assertThat(spring.bind("spring.mail.password", String.class).get()).isEqualTo("secret smtp-creds/password");
        assertThat(spring.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class))
                        .get())
                .containsEntry("mail.smtp.starttls.enable", "false");
        assertThat(spring.bind("management.server.port", Integer.class).get()).isEqualTo(8081);
        assertThat(spring.bind("springdoc.use-management-port", Boolean.class).get())
                .isTrue();
        assertThat(spring.bind("management.endpoints.web.exposure.include", Bindable.listOf(String.class))
                        .get())
                .containsExactly("health", "prometheus", "openapi");
        assertThat(spring.bind("server.servlet.session.cookie.secure", Boolean.class)
                        .get())
                .isTrue();
        assertThat(spring.bind("server.forward-headers-strategy", String.class).get())
                .isEqualTo("native");
    }

    private static Binder springBinder(Map<String, String> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    @Test
    void theServerInfoKeyAndTheBackupKeysComeFromSecrets() {
        Rendered defaults = render(chart());
        assertThat(defaults.env("essaim-provisioner"))
                .doesNotContainKeys(
                        "ESSAIM_SERVERINFO_TOKEN_KEY",
                        "ESSAIM_BACKUP_S3_ACCESS_KEY_ID",
                        "ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY");
        assertThat(defaults.env("essaim-control-plane")).doesNotContainKey("ESSAIM_USAGE_SERVERINFO_TOKEN_KEY");

        Rendered rendered = render(chart().set("serverInfoTokenKey.existingSecret", "essaim-serverinfo-token-key")
                .set("backups.existingSecret", "essaim-backup-bucket")
                .set("backups.endpoint", "https://objects.example.net")
                .set("backups.bucket", "spaces"));

        Map<String, String> provisionerEnv = rendered.env("essaim-provisioner");
        Map<String, String> controlPlaneEnv = rendered.env("essaim-control-plane");
        assertThat(provisionerEnv)
                .containsEntry("ESSAIM_SERVERINFO_TOKEN_KEY", "secret essaim-serverinfo-token-key/token-key");
        assertThat(controlPlaneEnv)
                .containsEntry("ESSAIM_USAGE_SERVERINFO_TOKEN_KEY", "secret essaim-serverinfo-token-key/token-key");
        ProvisionerSettings settings =
                ProvisionerConfiguration.fromEnvironment(provisionerEnv).settings();
        assertThat(settings.serverInfoTokenKey())
                .as("both derive from the same key")
                .isEqualTo(springBinder(controlPlaneEnv)
                        .bind("essaim.usage.serverinfo.token-key", String.class)
                        .get());
        assertThat(settings.platform().backups().endpoint().toString()).isEqualTo("https://objects.example.net");
        assertThat(settings.platform().backups().bucket()).isEqualTo("spaces");
        assertThat(settings.platformSecrets())
                .containsEntry(
                        "backup-storage",
                        Map.of(
                                "access-key-id", "secret essaim-backup-bucket/access-key-id",
                                "secret-access-key", "secret essaim-backup-bucket/secret-access-key"));
    }

    @Test
    void changingValuesChangesTheObjects() {
        Rendered defaults = render(chart());
        Rendered changed = render(chart().set("controlPlane.replicas", 3)
                .set("provisioner.replicas", 3)
                .set("image.controlPlane.tag", "0.2.0")
                .set("ingress.enabled", true)
                .set("ingress.tlsSecretName", "essaim-tls")
                .set("controlPlane.resources.limits.memory", "2Gi"));

        assertThat(defaults.all(Ingress.class))
                .as("the control plane's, not the office server's")
                .noneMatch(i -> i.getMetadata().getName().equals("essaim-control-plane"));
        assertThat(defaults.env("essaim-control-plane"))
                .doesNotContainKeys("SPRING_MAIL_HOST", "SPRING_MAIL_USERNAME", "ESSAIM_BOOTSTRAP_STAFF_PASSWORD");
        assertThat(defaults.container("essaim-control-plane").getImage())
                .isEqualTo("ghcr.io/essaim/essaim-control-plane:0.1.0");
        assertThat(changed.container("essaim-control-plane").getImage())
                .isEqualTo("ghcr.io/essaim/essaim-control-plane:0.2.0");
        assertThat(changed.only(Deployment.class, "essaim-control-plane")
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
        assertThat(changed.only(Deployment.class, "essaim-provisioner")
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
        assertThat(changed.container("essaim-control-plane")
                        .getResources()
                        .getLimits()
                        .get("memory")
                        .toString())
                .isEqualTo("2Gi");
        Ingress ingress = changed.only(Ingress.class, "essaim-control-plane");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).as("the public address's host").isEqualTo("essaim.example.org");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getBackend().getService().getName()).isEqualTo("essaim-control-plane");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
        // Sessions live in the database (Spring Session JDBC): no replica affinity anywhere, by default or asked.
        assertThat(ingress.getMetadata().getAnnotations())
                .as("no sticky-session cookie at the ingress")
                .satisfiesAnyOf(
                        annotations -> assertThat(annotations).isNull(),
                        annotations -> assertThat(annotations.keySet())
                                .noneMatch(key -> key.contains("affinity") || key.contains("session-cookie")));
        assertThat(defaults.only(Service.class, "essaim-control-plane")
                        .getSpec()
                        .getSessionAffinity())
                .as("no ClientIP affinity")
                .isNull();
        Rendered askedForAffinity = render(chart().set("stickySessions", true)
                .set("ingress.enabled", true)
                .set("ingress.annotations.example\\.org/owner", "ops"));
        assertThat(askedForAffinity
                        .only(Ingress.class, "essaim-control-plane")
                        .getMetadata()
                        .getAnnotations())
                .as("the old setting does nothing; the chart's own annotations are kept")
                .containsExactly(Map.entry("example.org/owner", "ops"));
        assertThat(askedForAffinity
                        .only(Service.class, "essaim-control-plane")
                        .getSpec()
                        .getSessionAffinity())
                .isNull();
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("essaim-tls");
            assertThat(tls.getHosts()).containsExactly("essaim.example.org");
        });

        Rendered single = render(chart().set("controlPlane.replicas", 1));
        assertThat(single.all(PodDisruptionBudget.class))
                .as("a budget of 1 of 1 would block every drain")
                .noneMatch(b -> b.getMetadata().getName().equals("essaim-control-plane"));
    }

    /**
     * k8up's egress: the API server's endpoints (here on 6443, as on most CNIs that filter after the Service's
     * address is translated) and the bucket's address reach the provisioner, and from it each space's
     * allow-backup-storage NetworkPolicy.
     */
    @Test
    void theBackupPodsEgressToTheApiServerAndTheBucketIsSetByValues() {
        ProvisionerConfiguration defaults =
                ProvisionerConfiguration.fromEnvironment(render(chart()).env("essaim-provisioner"));
        assertThat(defaults.settings().platform().backups().apiServer().cidr()).isEqualTo("10.96.0.1/32");
        assertThat(defaults.settings().platform().backups().apiServerPort()).isEqualTo(443);

        Rendered rendered = render(chart().set("backups.kubernetesApi.peer", "cidr=192.168.10.4/32")
                .set("backups.kubernetesApi.port", 6443)
                .set("backups.storagePeer", "cidr=10.20.0.0/16")
                .set("backups.storagePort", 9000));
        Map<String, String> env = rendered.env("essaim-provisioner");
        assertThat(env)
                .containsEntry("ESSAIM_KUBERNETES_API_PEER", "cidr=192.168.10.4/32")
                .containsEntry("ESSAIM_KUBERNETES_API_PORT", "6443")
                .containsEntry("ESSAIM_BACKUP_STORAGE_PEER", "cidr=10.20.0.0/16")
                .containsEntry("ESSAIM_BACKUP_STORAGE_PORT", "9000");
        var platform = ProvisionerConfiguration.fromEnvironment(env).settings().platform();
        var policy = TenantTemplates.render(SpaceSpec.of("jardins", "Jardins"), platform).objects().stream()
                .filter(o ->
                        o instanceof NetworkPolicy && o.getMetadata().getName().equals("allow-backup-storage"))
                .map(NetworkPolicy.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(policy.getSpec().getEgress())
                .anySatisfy(rule -> {
                    assertThat(rule.getTo())
                            .singleElement()
                            .satisfies(peer ->
                                    assertThat(peer.getIpBlock().getCidr()).isEqualTo("192.168.10.4/32"));
                    assertThat(rule.getPorts())
                            .singleElement()
                            .satisfies(port ->
                                    assertThat(port.getPort().getIntVal()).isEqualTo(6443));
                })
                .anySatisfy(rule -> {
                    assertThat(rule.getTo())
                            .singleElement()
                            .satisfies(peer ->
                                    assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
                    assertThat(rule.getPorts())
                            .singleElement()
                            .satisfies(port ->
                                    assertThat(port.getPort().getIntVal()).isEqualTo(9000));
                });
    }

    /** Kubernetes wants imagePullSecrets as [{name: x}]; the chart takes that or a list of names, nothing else. */
    @Test
    void imagePullSecretsTakeNamesOrKubernetesShapeAndRefuseAnythingElse() {
        assertThat(render(chart())
                        .only(Deployment.class, "essaim-provisioner")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getImagePullSecrets())
                .isNullOrEmpty();
        Rendered names = render(
                chart().set("image.pullSecrets[0]", "registry-a").set("image.pullSecrets[1].name", "registry-b"));
        for (String deployment : List.of("essaim-provisioner", "essaim-control-plane")) {
            assertThat(names.only(Deployment.class, deployment)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .as(deployment)
                    .containsExactly("registry-a", "registry-b");
        }
        assertThat(names.all(Deployment.class))
                .as("every Deployment the chart runs, the office servers' too")
                .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets())
                        .extracting(LocalObjectReference::getName)
                        .as(d.getMetadata().getName())
                        .containsExactly("registry-a", "registry-b"));
        assertThatThrownBy(() ->
                        chart().set("image.pullSecrets[0].secret", "registry-a").call())
                .hasMessageContaining("image.pullSecrets: each entry is a Secret's name or {name: <secret>}");
    }

    @Test
    void aMissingRequiredValueStopsRenderingAndNamesIt() {
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withNamespace(NAMESPACE)
                        .set("publicUrl", "https://essaim.example.org")
                        .set("directory.url", "ldap://ldap:389")
                        .set("directory.baseDn", "dc=essaim")
                        .set("database.url", "jdbc:postgresql://db/essaim")
                        .call())
                .hasMessageContaining("Set domain");
        assertThatThrownBy(() -> chart().set("database.url", "").call()).hasMessageContaining("Set database.url");
        assertThatThrownBy(() -> chart().set("directory.url", "").call()).hasMessageContaining("Set directory.url");
        assertThatThrownBy(() -> chart().set("mail.host", "smtp.example.org").call())
                .hasMessageContaining("Set mail.from");
    }

    /** Names the control plane reads: the README's Configuration section, application.yml's and its settings' keys. */
    @Test
    void everyEnvironmentVariableTheChartSetsIsOneTheApplicationReads() throws IOException {
        Rendered rendered = render(chart().set("mail.host", "smtp")
                .set("mail.from", "essaim@example.org")
                .set("mail.existingSecret", "smtp")
                .set("controlPlane.bootstrapPassword.existingSecret", "first")
                .set("tenantDatabase.url", "jdbc:postgresql://t/postgres")
                .set("storageClass", "fast")
                .set("directory.podsHost", "ldap")
                .set("directory.podsPort", 389)
                .set("directory.peer", "cidr=10.0.0.0/8")
                .set("tenantDatabase.peer", "cidr=10.1.0.0/16")
                .set("provisioner.ingressClass", "traefik")
                .set("provisioner.ingressControllerPeer", "namespace=traefik")
                .set("provisioner.trustedProxies", "10.0.0.0/8")
                .set("provisioner.dnsPeer", "namespace=kube-system")
                .set("office.onlyoffice.enabled", true)
                .set("office.onlyoffice.jwtSecret.existingSecret", "o")
                .set("serverInfoTokenKey.existingSecret", "serverinfo-token-key")
                .set("backups.existingSecret", "b")
                .set("backups.endpoint", "https://s3")
                .set("backups.bucket", "b"));

        Set<String> controlPlaneReads = new TreeSet<>(namesIn(Files.readString(Path.of("..", "README.md"))));
        controlPlaneReads.addAll(applicationYamlNames());
        assertThat(rendered.env("essaim-control-plane").keySet())
                .allSatisfy(name -> assertThat(controlPlaneReads)
                        .as(name + " is not read by the control plane")
                        .contains(name));

        String provisionerSource = Files.readString(Path.of(
                "..",
                "provisioner",
                "src",
                "main",
                "java",
                "org",
                "essaim",
                "provisioner",
                "ProvisionerConfiguration.java"));
        assertThat(rendered.env("essaim-provisioner").keySet())
                .hasSizeGreaterThan(20)
                .allSatisfy(name -> assertThat(provisionerSource)
                        .as(name + " is not read by ProvisionerConfiguration")
                        .contains("\"" + name + "\""));
        assertThat(ProvisionerConfiguration.fromEnvironment(rendered.env("essaim-provisioner"))
                        .settings()
                        .platform()
                        .ingress()
                        .className())
                .isEqualTo("traefik");
    }

    private static Set<String> namesIn(String text) {
        Matcher matcher = Pattern.compile("`((?:ESSAIM|SPRING|SERVER|MANAGEMENT)_[A-Z0-9_]+)[`=]")
                .matcher(text);
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> applicationYamlNames() throws IOException {
        Map<String, Object> yaml =
                new Yaml().load(Files.readString(Path.of("src", "main", "resources", "application.yml")));
        Set<String> names = new TreeSet<>();
        flatten("", yaml, names);
        // And every key of the settings classes, as the configuration metadata lists them.
        try (var in =
                Files.newInputStream(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json"))) {
            for (var property : JsonMapper.builder().build().readTree(in).path("properties")) {
                names.add(property.path("name").asString());
            }
        }
        return names.stream()
                .map(key -> key.toUpperCase().replace('.', '_').replace('-', '_'))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Set<String> keys) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, keys);
            } else {
                keys.add(name);
            }
        });
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found =
                objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
