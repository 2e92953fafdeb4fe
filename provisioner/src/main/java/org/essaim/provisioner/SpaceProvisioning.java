package org.essaim.provisioner;

import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;

import java.util.Optional;

/**
 * What the control plane asks of provisioning, whichever way it runs: say what a space should be, delete it, read
 * where it stands. {@link SpaceClient} does it through the Space resources of a cluster (the provisioner runs as an
 * operator, in the control plane or apart); {@link LocalProvisioner} does it in-process without a cluster (the local
 * default: manifests written to files, directory entries created, nothing runs). Progress arrives through the
 * {@link SpaceEvents} given at construction, and can be read at any time with {@link #status}.
 */
public interface SpaceProvisioning extends AutoCloseable {

    /** Starts following the spaces (and, for the local provisioner, reconciling them). */
    void start();

    /** Creates the space, or changes it (suspend, resume, office suite, services, quotas). */
    void apply(SpaceSpec spec);

    /** Deletes the space: it is suspended at once, kept for the grace period, then its data is erased. */
    void delete(String slug);

    /** The space's last known status; empty before its first pass, or for a space that does not exist. */
    Optional<SpaceStatus> status(String slug);

    /** True when nothing runs: no cluster is configured. */
    boolean local();

    @Override
    void close();
}
