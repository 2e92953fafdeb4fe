package org.essaim.space;

/** Where a space stands. Approval registers it PENDING; provisioning takes it further. */
public enum SpaceState {
    PENDING
}
