package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import org.essaim.space.resource.SpaceSlug;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate of the authority that signed the directory's certificate, when the platform gives one: a ConfigMap
 * in every space's namespace (a CA certificate is public, so it is no Secret), mounted read-only by every app that
 * signs people in against the directory at {@link #FILE}.
 */
public final class DirectoryCa {

    public static final String CONFIG_MAP = "directory-ca";
    public static final String KEY = "ca.crt";
    public static final String MOUNT_PATH = "/etc/essaim/directory-ca";
    /** Where the apps read the CA certificate. */
    public static final String FILE = MOUNT_PATH + "/" + KEY;

    static final String VOLUME = "directory-ca";

    private DirectoryCa() {}

    /** The ConfigMap, when the platform's directory has a CA certificate to give. */
    static Optional<ConfigMap> render(String slug, PlatformSettings platform) {
        String pem = platform.directory().caCertificate();
        if (pem == null) {
            return Optional.empty();
        }
        return Optional.of(new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIG_MAP)
                .withNamespace(SpaceSlug.namespace(slug))
                .withLabels(SpaceLabels.of(slug, "directory-ca", Component.NAMESPACE_AND_QUOTAS))
                .endMetadata()
                .withData(Map.of(KEY, pem))
                .build());
    }

    /**
     * Mounts the CA certificate at {@link #MOUNT_PATH} in the given containers of {@code pod}, when the platform has
     * one; does nothing otherwise.
     *
     * @return whether it was mounted (the app should then be told to trust {@link #FILE})
     */
    static boolean mount(PodSpec pod, PlatformSettings platform, Container... containers) {
        if (platform.directory().caCertificate() == null) {
            return false;
        }
        if (pod.getVolumes() == null) {
            pod.setVolumes(new ArrayList<>());
        }
        pod.getVolumes()
                .add(new VolumeBuilder()
                        .withName(VOLUME)
                        .withNewConfigMap()
                        .withName(CONFIG_MAP)
                        .endConfigMap()
                        .build());
        for (Container container : containers) {
            if (container.getVolumeMounts() == null) {
                container.setVolumeMounts(new ArrayList<>());
            }
            container
                    .getVolumeMounts()
                    .add(new VolumeMountBuilder()
                            .withName(VOLUME)
                            .withMountPath(MOUNT_PATH)
                            .withReadOnly(true)
                            .build());
        }
        return true;
    }
}
