package org.essaim.space.resource;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One association's space: {@code spaces.essaim.org/v1alpha1}, namespaced (it lives in Essaim's own namespace),
 * named after its slug. The control plane writes the spec; the provisioner writes the status. The schema is in
 * {@code provisioner/deploy/space-crd.yaml}.
 */
@Group(Space.GROUP)
@Version(Space.VERSION)
@Kind("Space")
@Plural("spaces")
@Singular("space")
@ShortNames("spc")
public class Space extends CustomResource<SpaceSpec, SpaceStatus> implements Namespaced {

    public static final String GROUP = "essaim.org";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The finalizer through which deletion waits for the grace period, then erases the space's data. */
    public static final String FINALIZER = "essaim.org/erase-after-grace";

    public Space() {}

    /** A Space named after its slug, in the given namespace (Essaim's own). */
    public static Space of(String namespace, SpaceSpec spec) {
        Space space = new Space();
        space.setMetadata(new ObjectMetaBuilder()
                .withName(spec.slug())
                .withNamespace(namespace)
                .build());
        space.setSpec(spec);
        return space;
    }

    @Override
    protected SpaceSpec initSpec() {
        return null;
    }

    @Override
    protected SpaceStatus initStatus() {
        return null;
    }
}
