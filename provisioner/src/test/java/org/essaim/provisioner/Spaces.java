package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Condition;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;

/** Space resources for tests. */
final class Spaces {

    private Spaces() {}

    static Space space(SpaceSpec spec) {
        Space space = Space.of(MockCluster.NAMESPACE, spec);
        space.getMetadata().setGeneration(1L);
        return space;
    }

    static Space space(String slug) {
        return space(SpaceSpec.of(slug, "Association " + slug));
    }

    /** The same space with a new spec, as the API server would give it (next generation, status kept). */
    static Space next(Space space, SpaceSpec spec, SpaceStatus status) {
        Space next = Space.of(MockCluster.NAMESPACE, spec);
        next.getMetadata().setGeneration(space.getMetadata().getGeneration() + 1);
        next.setStatus(status);
        return next;
    }

    static Condition condition(SpaceStatus status, String type) {
        return status.condition(type).orElseThrow(() -> new AssertionError("No condition " + type));
    }
}
