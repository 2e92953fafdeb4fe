package org.essaim.tenant;

import org.essaim.space.resource.SpaceConditions;

/** The parts of a space that are Kubernetes objects, each reported by its own condition on the Space. */
public enum Component {
    NAMESPACE_AND_QUOTAS(SpaceConditions.NAMESPACE_AND_QUOTAS),
    WORKSPACE(SpaceConditions.WORKSPACE),
    EVENTS(SpaceConditions.EVENTS),
    FORUM(SpaceConditions.FORUM),
    INGRESS(SpaceConditions.INGRESS),
    BACKUPS(SpaceConditions.BACKUPS);

    private final String conditionType;

    Component(String conditionType) {
        this.conditionType = conditionType;
    }

    /** The condition type on the Space's status that reports this component. */
    public String conditionType() {
        return conditionType;
    }
}
