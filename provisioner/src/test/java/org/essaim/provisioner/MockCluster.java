package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.InputStream;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode (with server-side apply emulated, see {@link ApplyingCrudDispatcher}),
 * holding the Space CRD from provisioner/deploy and Essaim's namespace, and a client for it.
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "essaim";

    final ApplyingCrudDispatcher api;
    final KubernetesMockServer server;
    final KubernetesClient client;

    MockCluster() {
        this(new ApplyingCrudDispatcher());
    }

    MockCluster(ApplyingCrudDispatcher api) {
        this.api = api;
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init();
        client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        api.resetCounts();
    }

    static CustomResourceDefinition crd() {
        try (InputStream in = MockCluster.class.getResourceAsStream("/org/essaim/provisioner/deploy/space-crd.yaml")) {
            return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(in,
                    CustomResourceDefinition.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
