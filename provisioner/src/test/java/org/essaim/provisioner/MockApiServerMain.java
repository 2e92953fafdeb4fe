package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * fabric8's mock API server in CRUD mode, in a process of its own, for the benchmarks (so that the provisioner's heap
 * is measured without the store of a whole cluster beside it). Server-side apply emulated and the store indexed: see
 * {@link ApplyingCrudDispatcher}. Prints {@code READY <url>} once it listens; counters at
 * {@value ApplyingCrudDispatcher#COUNTERS_PATH}.
 *
 * <p>Not a test: run by provisioner/benchmarks/run.sh.
 */
public final class MockApiServerMain {

    private MockApiServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ApplyingCrudDispatcher api = ApplyingCrudDispatcher.indexed();
        api.recordApplies = false;
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        try (var client = server.createClient()) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(MockCluster.crd())
                    .create();
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(MockCluster.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            System.out.println("READY " + client.getConfiguration().getMasterUrl());
        }
        api.resetCounts();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            stop.countDown();
        }));
        stop.await();
    }
}
