package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What fabric8's kubernetes-server-mock 7.8.0 does with server-side apply in CRUD mode, so the provisioner's tests
 * say honestly what they cover: the stock mock cannot take an apply, which is why they run against
 * {@link ApplyingCrudDispatcher}.
 */
@EnableKubernetesMockClient(crud = true)
class ServerSideApplyOnTheMockTest {

    static KubernetesClient client;

    private static ConfigMap configMap(String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("default")
                .endMetadata()
                .withData(Map.of("key", value))
                .build();
    }

    @Test
    void theStockCrudMockCannotCreateByServerSideApply() {
        assertThatThrownBy(() -> client.resource(configMap("a"))
                        .fieldManager("essaim-provisioner")
                        .forceConflicts()
                        .serverSideApply())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
    }

    @Test
    void theStockCrudMockRefusesTheApplyMediaTypeOnAnExistingObject() {
        client.resource(configMap("a")).create();
        assertThatThrownBy(() -> client.resource(configMap("b"))
                        .fieldManager("essaim-provisioner")
                        .forceConflicts()
                        .serverSideApply())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(415));
        client.resource(configMap("a")).delete();
    }

    @Test
    void theTestsDispatcherCreatesThenMergesAndRecordsTheFieldManager() {
        try (MockCluster cluster = new MockCluster()) {
            cluster.provisioner
                    .resource(configMap("a"))
                    .fieldManager("essaim-provisioner")
                    .forceConflicts()
                    .serverSideApply();
            cluster.provisioner
                    .resource(configMap("b"))
                    .fieldManager("essaim-provisioner")
                    .forceConflicts()
                    .serverSideApply();

            assertThat(cluster.client
                            .configMaps()
                            .inNamespace("default")
                            .withName("settings")
                            .get()
                            .getData())
                    .containsEntry("key", "b");
            assertThat(cluster.api.applies).hasSize(2).allSatisfy(apply -> {
                assertThat(apply.fieldManager()).isEqualTo("essaim-provisioner");
                assertThat(apply.force()).isTrue();
            });
            assertThat(cluster.api.count("PATCH")).isEqualTo(2);
            assertThat(cluster.api.count("POST")).isZero();
        }
    }
}
