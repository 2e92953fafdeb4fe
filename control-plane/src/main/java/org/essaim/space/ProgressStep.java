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

    /** One of the self-check's apps: the admins read those in the self-check, not twice. */
    public boolean verification() {
        return SpaceConditions.VERIFICATIONS.contains(component);
    }

    /**
     * The admins' sentence for this step ({@code progress.admin.<kind>}, the component's name as argument), chosen
     * by what the step means for them, never the provisioner's reason or message: a part turned off, stopped while
     * suspended, not run by this installation (test mode), missing from the platform, done, a problem the team
     * sees, or still being prepared.
     */
    public String adminKey() {
        if (SpaceConditions.Reason.DISABLED.equals(reason)) {
            return "progress.admin.disabled";
        }
        if (SpaceConditions.Reason.SUSPENDED.equals(reason)) {
            return "progress.admin.suspended";
        }
        if (SpaceConditions.Reason.NOT_APPLIED.equals(reason)) {
            return "progress.admin.notApplied";
        }
        if (SpaceConditions.Reason.NOT_CONFIGURED.equals(reason)) {
            return "progress.admin.notConfigured";
        }
        if (done()) {
            return "progress.admin.done";
        }
        return failed() ? "progress.admin.failed" : "progress.admin.waiting";
    }

    /** How the admins' line looks: a problem only when it is one (test mode or a service turned off is not). */
    public String adminClass() {
        return switch (adminKey()) {
            case "progress.admin.done" -> "done";
            case "progress.admin.failed" -> "failed";
            default -> "waiting";
        };
    }
}
