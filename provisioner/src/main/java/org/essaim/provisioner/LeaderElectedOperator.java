package org.essaim.provisioner;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the operator only while this replica holds the {@code coordination.k8s.io} Lease, so two replicas never act
 * at once (fabric8's LeaderElector). Leadership lost: the operator stops at once, before another replica may take
 * over (the renew deadline is shorter than the lease), and this replica stands for election again.
 */
public final class LeaderElectedOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderElectedOperator.class);

    private final KubernetesClient client;
    private final String leaseNamespace;
    private final String leaseName;
    private final String identity;
    private final Supplier<SpaceOperator> operators;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private volatile SpaceOperator operator;
    private volatile CompletableFuture<?> election;
    private volatile boolean closed;

    /**
     * @param operators makes a fresh operator each time this replica becomes the leader
     */
    public LeaderElectedOperator(
            KubernetesClient client,
            String leaseNamespace,
            String leaseName,
            String identity,
            Supplier<SpaceOperator> operators,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("The renew deadline must be shorter than the lease");
        }
        this.client = client;
        this.leaseNamespace = leaseNamespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.operators = operators;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
    }

    /** Kubernetes' usual timings: a 15 s lease, renewed within 10 s, tried every 2 s. */
    public static LeaderElectedOperator withDefaults(
            KubernetesClient client, String namespace, String identity, Supplier<SpaceOperator> operators) {
        return new LeaderElectedOperator(
                client,
                namespace,
                "essaim-provisioner",
                identity,
                operators,
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }

    public synchronized void start() {
        if (closed) {
            return;
        }
        LeaderElector elector = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(leaseName)
                        .withLock(new LeaseLock(leaseNamespace, leaseName, identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline)
                        .withRetryPeriod(retryPeriod)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                this::lead,
                                this::stopLeading,
                                leader -> log.info("The provisioner's leader is now {}", leader)))
                        .build())
                .build();
        election = elector.start();
        election.whenComplete((ignored, failure) -> {
            stopLeading();
            if (!closed) {
                log.info("{} is no longer running the provisioner's election; standing again", identity);
                start();
            }
        });
    }

    private void lead() {
        log.info("{} leads: starting the provisioner", identity);
        SpaceOperator started = operators.get();
        operator = started;
        started.start();
    }

    private synchronized void stopLeading() {
        SpaceOperator running = operator;
        operator = null;
        if (running != null) {
            log.info("{} stopped leading: stopping the provisioner", identity);
            running.close();
        }
    }

    /** True while this replica leads and runs the operator. */
    public boolean leading() {
        return operator != null;
    }

    /** The running operator, while leading. */
    public SpaceOperator operator() {
        return operator;
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
        stopLeading();
    }
}
