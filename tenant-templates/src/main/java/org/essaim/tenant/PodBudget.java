package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a space's own objects ask for, summed: the quota is derived from it, so it always fits what the templates
 * render (a template change that needs more raises the quota with it) and nothing more can be started by hand.
 */
record PodBudget(
        BigDecimal cpuRequests,
        BigDecimal cpuLimits,
        BigDecimal memoryRequests,
        BigDecimal memoryLimits,
        int pods,
        BigDecimal storage,
        int claims) {

    static PodBudget of(List<HasMetadata> objects) {
        return of(objects, List.of());
    }

    /** @param morePods pods started by others for the space (k8up's backup and dump pods) */
    static PodBudget of(List<HasMetadata> objects, List<PodSpec> morePods) {
        BigDecimal cpuRequests = BigDecimal.ZERO;
        BigDecimal cpuLimits = BigDecimal.ZERO;
        BigDecimal memoryRequests = BigDecimal.ZERO;
        BigDecimal memoryLimits = BigDecimal.ZERO;
        BigDecimal storage = BigDecimal.ZERO;
        int pods = 0;
        int claims = 0;
        List<PodSpec> allPods = new ArrayList<>(morePods);
        for (HasMetadata object : objects) {
            // Every copy that can run at once: a Deployment's replicas (Recreate: never one more), a Job's parallelism.
            switch (object) {
                case Deployment deployment ->
                    repeat(
                            allPods,
                            deployment.getSpec().getTemplate().getSpec(),
                            deployment.getSpec().getReplicas());
                case Job job ->
                    repeat(
                            allPods,
                            job.getSpec().getTemplate().getSpec(),
                            job.getSpec().getParallelism());
                default -> {}
            }
            if (object instanceof PersistentVolumeClaim claim) {
                claims++;
                storage = storage.add(amount(claim.getSpec().getResources().getRequests(), "storage"));
            }
        }
        for (PodSpec pod : allPods) {
            pods++;
            cpuRequests =
                    cpuRequests.add(effective(pod, c -> amount(c.getResources().getRequests(), "cpu")));
            cpuLimits =
                    cpuLimits.add(effective(pod, c -> amount(c.getResources().getLimits(), "cpu")));
            memoryRequests = memoryRequests.add(
                    effective(pod, c -> amount(c.getResources().getRequests(), "memory")));
            memoryLimits =
                    memoryLimits.add(effective(pod, c -> amount(c.getResources().getLimits(), "memory")));
        }
        return new PodBudget(cpuRequests, cpuLimits, memoryRequests, memoryLimits, pods, storage, claims);
    }

    private static void repeat(List<PodSpec> pods, PodSpec pod, Integer copies) {
        for (int i = 0; i < (copies == null ? 1 : copies); i++) {
            pods.add(pod);
        }
    }

    /**
     * What the quota charges a pod: the sum over its containers, or its largest init container when that is more
     * (init containers run one at a time, before the others).
     */
    private static BigDecimal effective(PodSpec pod, Function<Container, BigDecimal> amount) {
        BigDecimal sum = pod.getContainers().stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal init = pod.getInitContainers() == null
                ? BigDecimal.ZERO
                : pod.getInitContainers().stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::max);
        return sum.max(init);
    }

    private static BigDecimal amount(Map<String, Quantity> resources, String name) {
        if (resources == null || !resources.containsKey(name)) {
            throw new IllegalStateException("A container of the tenant templates has no " + name
                    + " request or limit; every container must have both");
        }
        return resources.get(name).getNumericalAmount();
    }
}
