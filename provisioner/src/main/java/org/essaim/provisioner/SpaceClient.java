package org.essaim.provisioner;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane's side of provisioning in a cluster: it writes Space resources (server-side apply under the
 * control plane's own field manager, so it never fights the provisioner over the status) and follows their status.
 * It needs nothing but the rights the control plane has: get, list, watch, create, patch and delete on
 * {@code spaces} in its own namespace. The provisioner itself may run in the same process ({@link SpaceOperator})
 * or as its own deployment.
 */
public final class SpaceClient implements SpaceProvisioning {

    /** The field manager under which the control plane writes Space resources. */
    public static final String FIELD_MANAGER = "essaim-control-plane";

    private final KubernetesClient client;
    private final String namespace;
    private final SpaceEvents events;
    private volatile SharedIndexInformer<Space> informer;

    public SpaceClient(KubernetesClient client, String namespace, SpaceEvents events) {
        this.client = client;
        this.namespace = namespace;
        this.events = events == null ? SpaceEvents.NONE : events;
    }

    @Override
    public void start() {
        informer = client.resources(Space.class)
                .inNamespace(namespace)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Space space) {
                                if (space.getStatus() != null) {
                                    events.statusChanged(space.getMetadata().getName(), space.getStatus());
                                }
                            }

                            @Override
                            public void onUpdate(Space before, Space after) {
                                if (after.getStatus() != null
                                        && !after.getStatus().sameAs(before.getStatus())) {
                                    events.statusChanged(after.getMetadata().getName(), after.getStatus());
                                }
                            }

                            @Override
                            public void onDelete(Space space, boolean finalStateUnknown) {
                                if (space.getStatus() != null
                                        && space.getStatus().erasure() != null) {
                                    events.erased(SpaceErasure.fromStatus(
                                            space.getMetadata().getName(),
                                            space.getStatus().erasure()));
                                }
                            }
                        },
                        0);
    }

    /** Creates or changes the space; the finalizer is set from the start, so deletion always waits for the grace. */
    @Override
    public void apply(SpaceSpec spec) {
        SpaceSlug.require(spec.slug());
        Space space = Space.of(namespace, spec);
        space.getMetadata().setFinalizers(List.of(Space.FINALIZER));
        client.resource(space).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    @Override
    public void delete(String slug) {
        client.resources(Space.class).inNamespace(namespace).withName(slug).delete();
    }

    @Override
    public Optional<SpaceStatus> status(String slug) {
        SharedIndexInformer<Space> current = informer;
        Space space = current != null
                ? current.getStore().getByKey(namespace + "/" + slug)
                : client.resources(Space.class)
                        .inNamespace(namespace)
                        .withName(slug)
                        .get();
        return Optional.ofNullable(space).map(Space::getStatus);
    }

    /** The Space resource itself, as last seen. */
    public Optional<Space> space(String slug) {
        SharedIndexInformer<Space> current = informer;
        return Optional.ofNullable(
                current != null
                        ? current.getStore().getByKey(namespace + "/" + slug)
                        : client.resources(Space.class)
                                .inNamespace(namespace)
                                .withName(slug)
                                .get());
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public void close() {
        SharedIndexInformer<Space> current = informer;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "SpaceClient[" + Objects.toString(client.getConfiguration().getMasterUrl()) + ", " + namespace + "]";
    }
}
