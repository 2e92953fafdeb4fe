package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names one Kubernetes object, for objects a space must not have (a service turned off). */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public static ObjectRef of(HasMetadata object) {
        return new ObjectRef(
                object.getApiVersion(),
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
