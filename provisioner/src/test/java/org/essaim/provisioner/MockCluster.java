package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode (with server-side apply emulated, see {@link ApplyingCrudDispatcher}),
 * holding the Space CRD from provisioner/deploy and Essaim's namespace, and a client for it.
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "essaim";
    /** Who {@link #client} is in {@link KubeRequestLog}: the test itself, whose requests no RBAC rule needs to allow. */
    static final String TEST_ACTOR = "test";

    static final String PROVISIONER = "essaim-provisioner";
    static final String CONTROL_PLANE = "essaim-control-plane";

    final ApplyingCrudDispatcher api;
    final KubernetesMockServer server;
    /** The test's own client (fixtures, drift, assertions): never give it to the code under test. */
    final KubernetesClient client;
    /**
     * The provisioner's client: what SpaceReconciler, SpaceOperator, LeaderElectedOperator get. Its requests are
     * recorded as the provisioner's service account and must be allowed by provisioner/deploy's RBAC.
     */
    final KubernetesClient provisioner;
    /** The control plane's client (SpaceClient): its requests must be allowed by control-plane-rbac.yaml. */
    final KubernetesClient controlPlane;

    MockCluster() {
        this(new ApplyingCrudDispatcher());
    }

    MockCluster(ApplyingCrudDispatcher api) {
        this.api = api;
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init();
        client = server.createClient();
        provisioner = clientAs(PROVISIONER);
        controlPlane = clientAs(CONTROL_PLANE);
        client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        api.resetCounts();
    }

    /** A client for this server that sends {@code name} as its bearer token, as a service account's would. */
    KubernetesClient clientAs(String name) {
        Config config = new ConfigBuilder(client.getConfiguration())
                .withOauthToken(name)
                .build();
        return server.createClient(builder -> builder.withConfig(config));
    }

    static CustomResourceDefinition crd() {
        try (InputStream in = MockCluster.class.getResourceAsStream("/org/essaim/provisioner/deploy/space-crd.yaml")) {
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        provisioner.close();
        controlPlane.close();
        client.close();
        for (int attempt = 1; ; attempt++) {
            try {
                server.destroy();
                return;
            } catch (IllegalStateException timedOut) {
                if (attempt == 2) {
                    System.err.println(
                            "MockCluster: the mock API server did not close in time: " + timedOut.getMessage());
                    return;
                }
            }
        }
    }
}
