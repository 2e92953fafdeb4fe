package org.essaim.platform;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing the cluster or the local target, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void aKubeconfigSelectsTheClusterAndHealthReadsSpacesInEssaimsNamespace() throws IOException {
        Path kubeconfig = kubeconfigFor(client.getConfiguration().getMasterUrl());
        KubernetesTarget target = target(EssaimProperties.KubernetesMode.AUTO, kubeconfig.toString());
        client.resources(Space.class)
                .inNamespace("essaim")
                .resource(Space.of("essaim", SpaceSpec.of("asso-du-quartier", "Asso du quartier")))
                .create();

        assertThat(target.mode()).isEqualTo(KubernetesTarget.Mode.CLUSTER);
        assertThat(target.describe()).contains("kubeconfig " + kubeconfig);
        var health = new KubernetesHealthIndicator(target).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mode", "cluster").containsEntry("namespace", "essaim");
        assertThat(target.client()
                        .orElseThrow()
                        .resources(Space.class)
                        .inNamespace("essaim")
                        .list()
                        .getItems())
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("asso-du-quartier");
        target.client().orElseThrow().close();
        assertTheControlPlanesRequestsAreAllowedByItsRole();
    }

    /**
     * What the control plane's own client (the kubeconfig's token) sent, against the Role of
     * provisioner/deploy/control-plane-rbac.yaml: the Space collection of its namespace, read with list (GET of the
     * collection, no name). Its other requests (SpaceClient) are checked in the provisioner's
     * ShippedRbacAllowsEveryRequestTest.
     */
    private static void assertTheControlPlanesRequestsAreAllowedByItsRole() {
        List<String> sent = new ArrayList<>();
        try {
            for (var request = server.takeRequest(1, TimeUnit.MILLISECONDS);
                    request != null;
                    request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
                if ("Bearer test-token".equals(request.getHeader("Authorization"))) {
                    sent.add(request.getMethod() + " " + request.getPath().split("\\?", 2)[0]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Role role;
        try (var in = KubernetesTargetTest.class.getResourceAsStream(
                        "/org/essaim/provisioner/deploy/control-plane-rbac.yaml");
                var offline = new KubernetesClientBuilder().build()) {
            role = offline.load(in).items().stream()
                    .filter(o -> o instanceof Role)
                    .map(Role.class::cast)
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sent)
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request)
                        .isEqualTo("GET /apis/essaim.org/v1alpha1/namespaces/"
                                + role.getMetadata().getNamespace() + "/spaces"));
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).contains("essaim.org");
            assertThat(rule.getResources()).contains("spaces");
            assertThat(rule.getVerbs()).contains("list");
        });
    }

    @Test
    void anUnreachableClusterIsReportedDown() throws IOException {
        Path kubeconfig = kubeconfigFor("https://127.0.0.1:" + closedPort() + "/");
        KubernetesTarget target = target(EssaimProperties.KubernetesMode.CLUSTER, kubeconfig.toString());

        var health = new KubernetesHealthIndicator(target).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
        target.client().orElseThrow().close();
    }

    @Test
    void withoutAClusterSpacesAreOnlyWrittenLocallyAndHealthSaysNothingRuns() {
        KubernetesTarget target = target(EssaimProperties.KubernetesMode.LOCAL, "");

        assertThat(target.local()).isTrue();
        assertThat(target.describe())
                .contains("nothing runs")
                .contains(temp.resolve("spaces").toString());
        var health = new KubernetesHealthIndicator(target).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("mode", "local")
                .containsEntry("note", "no cluster configured: nothing is running");
    }

    @Test
    void anUnreadableKubeconfigIsAClearError() {
        String missing = temp.resolve("missing-kubeconfig").toString();

        assertThatThrownBy(() -> target(EssaimProperties.KubernetesMode.AUTO, missing))
                .hasMessage("The kubeconfig " + missing + " cannot be read");
    }

    private KubernetesTarget target(EssaimProperties.KubernetesMode mode, String kubeconfig) {
        EssaimProperties properties = new EssaimProperties(
                temp, null, null, null, null, new EssaimProperties.Kubernetes(mode, kubeconfig, "essaim"));
        return new KubernetesConfiguration().kubernetesTarget(properties, DataDirectory.prepare(temp));
    }

    private Path kubeconfigFor(String serverUrl) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: essaim
                  user:
                    token: test-token
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: essaim
                    namespace: essaim
                current-context: test
                """.formatted(serverUrl);
        return Files.writeString(temp.resolve("kubeconfig"), yaml);
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
