package org.essaim.space;

import org.essaim.space.resource.SpaceConditions;

/** One line of a space's provisioning progress: a component, whether it is done, and what the provisioner says. */
public record ProgressStep(String component, String status, String reason, String message) {

    public boolean done() {
        return SpaceConditions.TRUE.equals(status);
    }

    public boolean failed() {
        return SpaceConditions.FALSE.equals(status);
    }
}
