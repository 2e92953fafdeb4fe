package org.essaim.provisioner;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.essaim.ldap.DirectoryConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The provisioner on its own: {@code java -cp ... org.essaim.provisioner.ProvisionerMain}, configured by environment
 * variables ({@link ProvisionerConfiguration}), in the cluster with its own service account (provisioner/deploy/).
 * Several replicas may run: only the one holding the Lease reconciles.
 */
public final class ProvisionerMain {

    static {
        // Its own file, not logback.xml: on the control plane's classpath that name would take over its logging.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "essaim-provisioner-logback.xml");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ProvisionerMain.class);

    private ProvisionerMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProvisionerConfiguration configuration;
        try {
            configuration = ProvisionerConfiguration.fromEnvironment(System.getenv());
        } catch (IllegalStateException e) {
            System.err.println("essaim-provisioner cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        log.info("Starting with {}", configuration);
        Clock clock = Clock.systemUTC();
        KubernetesClient client = new KubernetesClientBuilder().build();
        DirectoryConnection directory = DirectoryConnection.connect(configuration.directory());
        SpaceDatabases databases = configuration.databases();
        SpaceReconciler reconciler = SpaceReconciler.forCluster(
                client, configuration.settings(), SpaceDirectory.of(directory), databases, clock);
        LeaderElectedOperator operator = LeaderElectedOperator.withDefaults(
                client,
                configuration.settings().namespace(),
                configuration.identity(),
                () -> new SpaceOperator(client, reconciler, SpaceEvents.NONE, clock));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping");
                            operator.close();
                            directory.close();
                            client.close();
                            stopped.countDown();
                        },
                        "provisioner-shutdown"));
        operator.start();
        stopped.await();
    }
}
