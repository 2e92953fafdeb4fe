package org.essaim.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.essaim.provisioner.ProvisionerConfiguration;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.AppCatalogue;
import org.essaim.tenant.NetworkFlows;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The office servers of the chart (templates/office.yaml) rendered with Helm's engine: their images are the
 * catalogue's, they run as strictly as the images allow, several CODE replicas work (hash on WOPISrc), CODE accepts
 * only this platform's spaces, the provisioner is told where they are, and the chart's policy with the spaces'
 * policies lets through exactly the flows the office needs.
 */
class OfficeChartTest {

    private static final String NAMESPACE = "essaim-prod";
    private static final String DOMAIN = "spaces.example.org";
    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    private static TemplateCommand chart() {
        return new Helm(Path.of("deploy", "helm", "essaim"))
                .template()
                .withName("essaim")
                .withNamespace(NAMESPACE)
                .set("domain", DOMAIN)
                .set("publicUrl", "https://essaim.example.org")
                .set("directory.url", "ldaps://ldap.example.org:636")
                .set("directory.baseDn", "dc=essaim,dc=org")
                .set("database.url", "jdbc:postgresql://db.example.org:5432/essaim");
    }

    private static TemplateCommand withOnlyOffice() {
        return chart().set("office.onlyoffice.enabled", true)
                .set("office.onlyoffice.jwtSecret.existingSecret", "essaim-onlyoffice");
    }

    private static List<HasMetadata> render(TemplateCommand command) {
        try (InputStream in = new ByteArrayInputStream(command.call().getBytes(StandardCharsets.UTF_8))) {
            return OFFLINE.load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .toList();
        assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
        return found.get(0);
    }

    private static Container container(List<HasMetadata> objects, String deployment) {
        return named(objects, Deployment.class, deployment)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    private static PlatformSettings platform(List<HasMetadata> objects) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container(objects, "essaim-provisioner").getEnv()) {
            env.put(
                    variable.getName(),
                    variable.getValueFrom() == null
                            ? variable.getValue()
                            : variable.getValueFrom().getSecretKeyRef() != null
                                    ? "secret"
                                    : variable.getValueFrom()
                                                    .getFieldRef()
                                                    .getFieldPath()
                                                    .equals("metadata.namespace")
                                            ? NAMESPACE
                                            : "essaim-provisioner-0");
        }
        return ProvisionerConfiguration.fromEnvironment(env).settings().platform();
    }

    @Test
    void theOfficeServersRunTheCataloguesDefaultOfficeVersion() {
        List<HasMetadata> objects = render(withOnlyOffice());
        AppCatalogue catalogue = AppCatalogue.pinned();
        AppCatalogue.Release release =
                catalogue.release(AppVersions.OFFICE, catalogue.defaults().office());
        assertThat(container(objects, "essaim-collabora").getImage())
                .isEqualTo(release.images().get("collabora"));
        assertThat(container(objects, "essaim-onlyoffice").getImage())
                .isEqualTo(release.images().get("onlyoffice"));
        assertThat(catalogue.allImages())
                .contains(
                        container(objects, "essaim-collabora").getImage(),
                        container(objects, "essaim-onlyoffice").getImage());
        PlatformSettings platform = platform(objects);
        assertThat(platform.office().collabora().url())
                .isEqualTo(catalogue.officeServer(catalogue.defaults().office(), OfficeSuite.COLLABORA, DOMAIN));
        assertThat(platform.office().onlyoffice().url())
                .isEqualTo(catalogue.officeServer(catalogue.defaults().office(), OfficeSuite.ONLYOFFICE, DOMAIN));
    }

    @Test
    void onlyCollaboraUnlessOnlyOfficeIsEnabledAndOnlyOfficeNeedsItsJwtSecret() {
        List<HasMetadata> objects = render(chart());
        assertThat(objects)
                .filteredOn(o -> o instanceof Deployment)
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("essaim-control-plane", "essaim-provisioner", "essaim-collabora");
        assertThat(platform(objects).office().offered()).containsExactly(OfficeSuite.COLLABORA);
        assertThatThrownBy(() -> chart().set("office.onlyoffice.enabled", true).call())
                .hasMessageContaining("Set office.onlyoffice.jwtSecret.existingSecret");
        Container onlyoffice = container(render(withOnlyOffice()), "essaim-onlyoffice");
        assertThat(onlyoffice.getEnv())
                .filteredOn(e -> e.getName().equals("JWT_SECRET"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("essaim-onlyoffice"));
    }

    @Test
    void collaboraRunsAsItsOwnUserWithOnlyTheCapabilitiesItsJailsNeed() {
        PodSpec pod = named(render(chart()), Deployment.class, "essaim-collabora")
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container code = pod.getContainers().get(0);
        assertThat(code.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(code.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(code.getSecurityContext().getCapabilities().getAdd())
                .containsExactlyInAnyOrder("CHOWN", "FOWNER", "MKNOD", "SYS_CHROOT");
        assertThat(code.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(code.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(code.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9980));
    }

    @Test
    void collaboraAcceptsOnlyThisPlatformsSpaces() {
        Container code = container(render(chart()), "essaim-collabora");
        String alias = env(code, "aliasgroup1");
        assertThat("https://asso.spaces.example.org:443").matches(alias);
        assertThat("https://club-forum.spaces.example.org:443").matches(alias);
        assertThat("https://evil.example.com:443").doesNotMatch(alias);
        assertThat("https://asso.spaces.example.org.evil.com:443").doesNotMatch(alias);
        assertThat("https://asso.spacesXexample.org:443").as("dots are literal").doesNotMatch(alias);
        assertThat(env(code, "server_name")).isEqualTo("office." + DOMAIN);
        assertThat(env(code, "extra_params")).contains("--o:ssl.enable=false", "--o:ssl.termination=true");
    }

    @Test
    void severalCodeReplicasEachDocumentOnOneOfThem() {
        List<HasMetadata> objects = render(chart().set("office.collabora.replicas", 3));
        assertThat(named(objects, Deployment.class, "essaim-collabora")
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
        Ingress ingress = named(objects, Ingress.class, "essaim-collabora");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/upstream-hash-by", "$arg_WOPISrc");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("office." + DOMAIN);
            assertThat(rule.getHttp()
                            .getPaths()
                            .get(0)
                            .getBackend()
                            .getService()
                            .getName())
                    .isEqualTo("office");
        });
        assertThat(objects)
                .anyMatch(o -> o.getKind().equals("PodDisruptionBudget")
                        && o.getMetadata().getName().equals("essaim-collabora"));
    }

    @Test
    void theProvisionerIsToldTheServersRealAddressesAndPods() {
        List<HasMetadata> objects = render(withOnlyOffice());
        PlatformSettings platform = platform(objects);
        for (OfficeSuite suite : OfficeSuite.values()) {
            PlatformSettings.OfficeServer server = platform.office().of(suite);
            String deployment = suite == OfficeSuite.COLLABORA ? "essaim-collabora" : "essaim-onlyoffice";
            Deployment pods = named(objects, Deployment.class, deployment);
            Service service =
                    named(objects, Service.class, server.internalUrl().getHost().split("\\.")[0]);
            assertThat(server.internalUrl().getHost())
                    .isEqualTo(service.getMetadata().getName() + "." + NAMESPACE + ".svc.cluster.local");
            assertThat(service.getSpec().getPorts().get(0).getPort())
                    .isEqualTo(server.internalUrl().getPort());
            assertThat(pods.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(service.getSpec().getSelector())
                    .containsAllEntriesOf(server.peer().podLabels());
            assertThat(server.peer().namespace()).isEqualTo(NAMESPACE);
            assertThat(pods.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getPorts()
                            .get(0)
                            .getContainerPort())
                    .as("the policy opens the pods' port")
                    .isEqualTo(server.port());
        }
    }

    /** The chart's policies and two spaces' policies, evaluated flow by flow against the pods that run. */
    @Test
    void theOfficeFlowsAreOpenAndNoOthers() {
        List<HasMetadata> chart = render(withOnlyOffice());
        PlatformSettings platform = platform(chart);
        RenderedSpace a = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
        RenderedSpace b =
                TenantTemplates.render(SpaceSpec.of("club", "B").withOfficeSuite(OfficeSuite.ONLYOFFICE), platform);
        List<NetworkPolicy> policies = new ArrayList<>();
        for (List<HasMetadata> objects : List.of(chart, a.objects(), b.objects())) {
            objects.stream()
                    .filter(NetworkPolicy.class::isInstance)
                    .map(NetworkPolicy.class::cast)
                    .forEach(policies::add);
        }
        NetworkFlows flows = new NetworkFlows(policies);
        NetworkFlows.Pod code = pod(NAMESPACE, Map.of(), named(chart, Deployment.class, "essaim-collabora"));
        NetworkFlows.Pod onlyoffice = pod(NAMESPACE, Map.of(), named(chart, Deployment.class, "essaim-onlyoffice"));
        NetworkFlows.Pod controller =
                NetworkFlows.Pod.of("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        NetworkFlows.Pod dns = NetworkFlows.Pod.of("kube-system", Map.of("k8s-app", "kube-dns"));

        assertThat(flows.allows(spacePod(a, "nextcloud"), code, "TCP", 9980))
                .as("A's Nextcloud -> CODE")
                .isTrue();
        assertThat(flows.allows(spacePod(a, "nextcloud-configure"), code, "TCP", 9980))
                .as("A's Job -> CODE")
                .isTrue();
        assertThat(flows.allows(spacePod(b, "nextcloud"), onlyoffice, "TCP", 80))
                .as("B's Nextcloud -> OnlyOffice")
                .isTrue();
        assertThat(flows.allows(controller, code, "TCP", 9980))
                .as("browsers, through the ingress -> CODE")
                .isTrue();
        assertThat(flows.allows(code, controller, "TCP", 443))
                .as("CODE -> ingress (WOPI callbacks)")
                .isTrue();
        assertThat(flows.allows(onlyoffice, controller, "TCP", 443))
                .as("OnlyOffice -> ingress")
                .isTrue();
        assertThat(flows.allows(controller, spacePod(a, "nextcloud"), "TCP", 8080))
                .as("ingress -> A")
                .isTrue();
        assertThat(flows.allows(code, dns, "UDP", 53)).isTrue();

        assertThat(flows.allows(spacePod(a, "mobilizon"), code, "TCP", 9980))
                .as("events -> CODE")
                .isFalse();
        assertThat(flows.allows(spacePod(a, "nextcloud"), onlyoffice, "TCP", 80))
                .as("A chose CODE")
                .isFalse();
        assertThat(flows.allows(code, spacePod(a, "nextcloud"), "TCP", 8080))
                .as("CODE -> A, not via the ingress")
                .isFalse();
        assertThat(flows.allows(spacePod(a, "nextcloud"), spacePod(b, "nextcloud"), "TCP", 8080))
                .as("A -> B")
                .isFalse();
        assertThat(flows.allows(code, NetworkFlows.Pod.of("default", Map.of("app", "anything")), "TCP", 443))
                .as("CODE -> elsewhere")
                .isFalse();
        assertThat(flows.allows(
                        NetworkFlows.Pod.of("default", Map.of("essaim.org/office-client", "true")), code, "TCP", 9980))
                .as("a pod calling itself an office client outside the spaces")
                .isFalse();
    }

    private static NetworkFlows.Pod pod(String namespace, Map<String, String> namespaceLabels, Deployment d) {
        return new NetworkFlows.Pod(
                namespace,
                namespaceLabels,
                d.getSpec().getTemplate().getMetadata().getLabels());
    }

    private static NetworkFlows.Pod spacePod(RenderedSpace space, String workload) {
        Map<String, String> namespaceLabels = space.objects().stream()
                .filter(Namespace.class::isInstance)
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getLabels();
        for (HasMetadata object : space.objects()) {
            if (!object.getMetadata().getName().equals(workload)) {
                continue;
            }
            var template = object instanceof Deployment d
                    ? d.getSpec().getTemplate()
                    : object instanceof Job j ? j.getSpec().getTemplate() : null;
            if (template != null) {
                return new NetworkFlows.Pod(
                        space.namespace(),
                        namespaceLabels,
                        template.getMetadata().getLabels());
            }
        }
        throw new AssertionError("no workload " + workload);
    }
}
