package org.essaim.provisioner;

import org.essaim.space.resource.SpaceStatus;

/**
 * What the provisioner tells whoever embeds it (the control plane), as it happens. Called from the provisioner's
 * worker threads: implementations must be quick and thread-safe (record, enqueue, return). In a cluster, the same
 * facts are on the Space resources (status) and in Kubernetes Events, for a control plane that runs apart from the
 * provisioner ({@link SpaceClient} reads them).
 */
public interface SpaceEvents {

    SpaceEvents NONE = new SpaceEvents() {};

    /** A space's status changed (and was written, in a cluster). */
    default void statusChanged(String slug, SpaceStatus status) {}

    /** A deleted space's grace period was over and its data was erased; the Space resource goes next. */
    default void erased(SpaceErasure erasure) {}
}
