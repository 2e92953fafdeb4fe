package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/**
 * What one component of a space is: the objects it must have, in the order to apply them, and the objects it must
 * not have (those of a service that was turned off; its volumes are kept and so never listed here).
 */
public record ComponentObjects(Component component, List<HasMetadata> objects, List<ObjectRef> absent) {

    public ComponentObjects {
        objects = List.copyOf(objects);
        absent = List.copyOf(absent);
    }
}
