package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.essaim.space.resource.SpaceStatus;

import java.util.List;

/**
 * Everything one space is, as {@link TenantTemplates#render} computed it: its Kubernetes objects per component (in
 * the order to apply them), the Secrets they refer to (created by the provisioner, never rendered with values), the
 * databases its apps need, and its addresses.
 */
public record RenderedSpace(
        String slug,
        String namespace,
        List<ComponentObjects> components,
        List<RequiredSecret> secrets,
        List<DatabaseRequirement> databases,
        SpaceStatus.Urls urls) {

    public RenderedSpace {
        components = List.copyOf(components);
        secrets = List.copyOf(secrets);
        databases = List.copyOf(databases);
    }

    /** Every object the space must have, in the order to apply them (namespace first, ingress last). */
    public List<HasMetadata> objects() {
        return components.stream()
                .flatMap(component -> component.objects().stream())
                .toList();
    }

    public ComponentObjects component(Component component) {
        return components.stream()
                .filter(c -> c.component() == component)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No component " + component));
    }
}
