package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The space's namespace ({@code space-<slug>}, Pod Security restricted), its ResourceQuota (storage, claims, CPU,
 * memory, pods; no LoadBalancer or NodePort services), its LimitRange, its network policies, and the directory's CA
 * certificate when the platform has one ({@link DirectoryCa}).
 */
final class NamespaceAndQuotas {

    static final String QUOTA = "space-quota";
    static final String LIMITS = "space-limits";
    private static final BigDecimal MEBI = BigDecimal.valueOf(1024L * 1024);
    private static final BigDecimal GIBI = MEBI.multiply(BigDecimal.valueOf(1024));
    private static final BigDecimal MILLI = BigDecimal.valueOf(1000);
    /** Room for a person debugging with one extra pod, never for a second copy of an app. */
    private static final int SPARE_PODS = 1;

    private NamespaceAndQuotas() {}

    /**
     * @param budget what the space's workloads and volumes ask for, with every service on (so turning a service on
     *               never waits for a quota change)
     */
    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform, PodBudget budget) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, "namespace", Component.NAMESPACE_AND_QUOTAS);
        List<HasMetadata> objects = new ArrayList<>();
        Namespace ns = Templates.load(Namespace.class, "namespace/namespace.yaml");
        objects.add(Templates.place(ns, namespace, null, labels));
        objects.add(quota(namespace, labels, budget));
        objects.add(limitRange(spec, namespace, labels));
        objects.addAll(NetworkPolicies.render(spec, platform));
        DirectoryCa.render(slug, platform).ifPresent(objects::add);
        return new ComponentObjects(Component.NAMESPACE_AND_QUOTAS, objects, List.of());
    }

    private static ResourceQuota quota(String namespace, Map<String, String> labels, PodBudget budget) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", millicores(budget.cpuRequests()));
        hard.put("limits.cpu", millicores(budget.cpuLimits()));
        hard.put("requests.memory", mebibytes(budget.memoryRequests()));
        hard.put("limits.memory", mebibytes(budget.memoryLimits()));
        hard.put("requests.storage", gibibytes(budget.storage()));
        hard.put("persistentvolumeclaims", new Quantity(Integer.toString(budget.claims())));
        hard.put("pods", new Quantity(Integer.toString(budget.pods() + SPARE_PODS)));
        hard.put("services.loadbalancers", new Quantity("0"));
        hard.put("services.nodeports", new Quantity("0"));
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(QUOTA)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withHard(hard)
                .endSpec()
                .build();
    }

    private static LimitRange limitRange(SpaceSpec spec, String namespace, Map<String, String> labels) {
        LimitRange limits = Templates.place(
                Templates.load(LimitRange.class, "namespace/limitrange.yaml"), LIMITS, namespace, labels);
        int largestVolume = Math.max(
                spec.quotas().storageGiB(),
                Math.max(Events.UPLOADS_VOLUME_GIB, Math.max(Forum.DATA_VOLUME_GIB, Workspace.PROGRAM_VOLUME_GIB)));
        for (LimitRangeItem item : limits.getSpec().getLimits()) {
            if ("PersistentVolumeClaim".equals(item.getType())) {
                item.setMax(Map.of("storage", new Quantity(largestVolume + "Gi")));
            }
        }
        return limits;
    }

    private static Quantity millicores(BigDecimal cores) {
        return new Quantity(
                cores.multiply(MILLI).setScale(0, RoundingMode.CEILING).toPlainString() + "m");
    }

    private static Quantity mebibytes(BigDecimal bytes) {
        return new Quantity(bytes.divide(MEBI, 0, RoundingMode.CEILING).toPlainString() + "Mi");
    }

    private static Quantity gibibytes(BigDecimal bytes) {
        return new Quantity(bytes.divide(GIBI, 0, RoundingMode.CEILING).toPlainString() + "Gi");
    }
}
