package org.essaim.provisioner;

import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Two replicas, one Lease: only one runs the operator at a time, and the other takes over when it goes. */
class LeaderElectionTest {

    @Test
    void onlyTheLeaseHolderActsAndTheOtherTakesOver() {
        try (MockCluster cluster = new MockCluster()) {
            Fakes.Directory directory = new Fakes.Directory();
            Fakes.Databases databases = new Fakes.Databases();
            SpaceReconciler reconciler =
                    Fakes.forCluster(cluster.provisioner, Fakes.settings(), directory, databases, Clock.systemUTC());
            LeaderElectedOperator first = replica(cluster, "provisioner-a", reconciler);
            LeaderElectedOperator second = replica(cluster, "provisioner-b", reconciler);
            try {
                first.start();
                Await.until("a leader", Duration.ofSeconds(10), first::leading);
                second.start();
                new SpaceClient(cluster.controlPlane, MockCluster.NAMESPACE, null).apply(SpaceSpec.of("asso", "A"));
                Await.until("the space to be provisioned", () -> directory.servicePasswords.containsKey("asso"));
                for (int i = 0; i < 20; i++) {
                    assertThat(first.leading() && second.leading())
                            .as("two leaders at once")
                            .isFalse();
                    sleep(50);
                }
                assertThat(second.leading()).isFalse();
                assertThat(cluster.client
                                .leases()
                                .inNamespace(MockCluster.NAMESPACE)
                                .withName("essaim-provisioner")
                                .get()
                                .getSpec()
                                .getHolderIdentity())
                        .isEqualTo("provisioner-a");

                first.close();

                Await.until("the other replica to take over", Duration.ofSeconds(15), second::leading);
                assertThat(first.leading()).isFalse();
                assertThat(second.operator()).isNotNull();
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static LeaderElectedOperator replica(MockCluster cluster, String identity, SpaceReconciler reconciler) {
        return new LeaderElectedOperator(
                cluster.provisioner,
                MockCluster.NAMESPACE,
                "essaim-provisioner",
                identity,
                () -> new SpaceOperator(cluster.provisioner, reconciler, SpaceEvents.NONE, Clock.systemUTC()),
                Duration.ofSeconds(2),
                Duration.ofMillis(1500),
                Duration.ofMillis(200));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
