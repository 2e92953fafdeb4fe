package org.essaim.platform;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        client.resources(Space.class).inNamespace("essaim").resource(Space.of("essaim", SpaceSpec.of("asso-du-quartier", "Asso du quartier"))).create();

        assertThat(target.mode()).isEqualTo(KubernetesTarget.Mode.CLUSTER);
        assertThat(target.describe()).contains("kubeconfig " + kubeconfig);
        var health = new KubernetesHealthIndicator(target).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mode", "cluster").containsEntry("namespace", "essaim");
        assertThat(target.client().orElseThrow().resources(Space.class).inNamespace("essaim").list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly("asso-du-quartier");
        target.client().orElseThrow().close();
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
        assertThat(target.describe()).contains("nothing runs").contains(temp.resolve("spaces").toString());
        var health = new KubernetesHealthIndicator(target).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mode", "local")
                .containsEntry("note", "no cluster configured: nothing is running");
    }

    @Test
    void anUnreadableKubeconfigIsAClearError() {
        String missing = temp.resolve("missing-kubeconfig").toString();

        assertThatThrownBy(() -> target(EssaimProperties.KubernetesMode.AUTO, missing))
                .hasMessage("The kubeconfig " + missing + " cannot be read");
    }

    private KubernetesTarget target(EssaimProperties.KubernetesMode mode, String kubeconfig) {
        EssaimProperties properties = new EssaimProperties(temp, null, null, null, null,
                new EssaimProperties.Kubernetes(mode, kubeconfig, "essaim"));
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
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
