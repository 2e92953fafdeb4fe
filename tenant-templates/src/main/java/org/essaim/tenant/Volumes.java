package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.Map;

/** The two small building blocks every app of a space uses: a volume claim and the Service in front of its pod. */
final class Volumes {

    /** Every app of a space serves HTTP on this port, so one network policy rule covers them all. */
    static final int HTTP_PORT = 8080;

    private Volumes() {}

    static PersistentVolumeClaim claim(
            String name, String namespace, Map<String, String> labels, int sizeGiB, PlatformSettings platform) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(platform.storageClass())
                .withNewResources()
                .addToRequests("storage", new Quantity(sizeGiB + "Gi"))
                .endResources()
                .endSpec()
                .build();
    }

    static Service service(String name, String namespace, Map<String, String> labels, Map<String, String> selector) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withPort(HTTP_PORT)
                .withNewTargetPort("http")
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
