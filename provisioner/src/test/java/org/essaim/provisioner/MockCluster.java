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

    /**
     * Stops the client, then the server. The mock server waits 10 s for its connections to close and then throws;
     * on a loaded machine an operator's last watch reconnection can still be closing, which made green tests fail in
     * their teardown. A shutdown that times out is retried once, then reported on stderr: it says nothing about what
     * the test checked, and the next test starts its own server on another port.
     */
    @Override
    public void close() {
        client.close();
        for (int attempt = 1; ; attempt++) {
            try {
                server.destroy();
                return;
            } catch (IllegalStateException timedOut) {
                if (attempt == 2) {
                    System.err.println("MockCluster: the mock API server did not close in time: " + timedOut.getMessage());
                    return;
                }
            }
        }
    }
}
