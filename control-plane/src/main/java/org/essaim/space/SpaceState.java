package org.essaim.space;

/**
 * Where a space stands, summarised from what staff decided and what provisioning reported. Approval registers it
 * {@link #PENDING}; the provisioner's first status makes it {@link #PROVISIONING}, then {@link #READY}.
 */
public enum SpaceState {
    /** Registered; provisioning has not reported on it yet. */
    PENDING,
    /** Provisioning is under way or waiting for a component. */
    PROVISIONING,
    /** Every component is in place. */
    READY,
    /** Staff suspended it: nothing runs, everything is kept. */
    SUSPENDED,
    /** Deleted by staff: suspended and kept for the grace period, then erased. */
    DELETING,
    /** Its namespace, databases and directory subtree are gone. */
    ERASED
}
