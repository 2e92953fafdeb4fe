package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import org.essaim.tenant.SpaceLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices when someone changes or deletes an object of a space (a NetworkPolicy deleted, a quota edited, a Secret
 * lost) and asks for that space to be reconciled, so drift is put back within seconds rather than at the next full
 * pass. Watches keep no copy of the objects (a cache of every space's objects would not fit in the provisioner's
 * memory at 10,000 spaces): each event only carries the space's slug, from the object's label. Creations are not
 * drift and are ignored. A watch that closes with an error is opened again and every space is reconciled, since
 * events may have been missed.
 */
final class DriftWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);

    private final KubernetesClient client;
    private final Consumer<String> reconcile;
    private final Runnable reconcileAll;
    private final List<Watch> watches = new ArrayList<>();
    private volatile boolean closed;

    DriftWatch(KubernetesClient client, Consumer<String> reconcile, Runnable reconcileAll) {
        this.client = client;
        this.reconcile = reconcile;
        this.reconcileAll = reconcileAll;
    }

    void start() {
        watch("namespaces", () -> client.namespaces().withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "resourcequotas",
                () -> client.resourceQuotas()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "limitranges",
                () -> client.limitRanges().inAnyNamespace().withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "networkpolicies",
                () -> client.network()
                        .v1()
                        .networkPolicies()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "persistentvolumeclaims",
                () -> client.persistentVolumeClaims()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "configmaps",
                () -> client.configMaps().inAnyNamespace().withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        // No watch on Secrets: the provisioner may read them only in each space's namespace (a RoleBinding there),
        // never across the cluster. A lost Secret is put back by the next full pass (ESSAIM_RESYNC_PERIOD).
        watch(
                "services",
                () -> client.services().inAnyNamespace().withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "deployments",
                () -> client.apps()
                        .deployments()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "jobs",
                () -> client.batch()
                        .v1()
                        .jobs()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
        watch(
                "ingresses",
                () -> client.network()
                        .v1()
                        .ingresses()
                        .inAnyNamespace()
                        .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER));
    }

    private <T extends HasMetadata> void watch(String kind, Supplier<FilterWatchListDeletable<T, ?, ?>> resources) {
        if (closed) {
            return;
        }
        Watch watch = resources.get().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, T object) {
                if (action == Action.MODIFIED || action == Action.DELETED) {
                    String slug = object.getMetadata().getLabels() == null
                            ? null
                            : object.getMetadata().getLabels().get(SpaceLabels.SPACE);
                    if (slug != null) {
                        reconcile.accept(slug);
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (closed) {
                    return;
                }
                log.warn(
                        "The watch on {} closed ({}); opening it again and reconciling every space",
                        kind,
                        cause.getMessage());
                watch(kind, resources);
                reconcileAll.run();
            }
        });
        synchronized (watches) {
            watches.add(watch);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (watches) {
            watches.forEach(Watch::close);
            watches.clear();
        }
    }
}
