package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceAndQuotasTest {

    private final PlatformSettings platform = Platforms.example();

    private List<HasMetadata> render(SpaceSpec spec) {
        return TenantTemplates.render(spec, platform)
                .component(Component.NAMESPACE_AND_QUOTAS)
                .objects();
    }

    @Test
    void theNamespaceIsNamedAfterTheSlugAndEnforcesPodSecurityRestricted() {
        Namespace namespace =
                Objects.named(render(SpaceSpec.of("asso-du-quartier", "A")), Namespace.class, "space-asso-du-quartier");
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry(SpaceLabels.SPACE, "asso-du-quartier");
    }

    @Test
    void theQuotaCarriesTheSpacesStorageAndFitsEverythingItRuns() {
        SpaceSpec spec = SpaceSpec.of("amap", "AMAP").withQuotas(new SpaceSpec.Quotas(50, 100));
        RenderedSpace space = TenantTemplates.render(spec, platform);
        Map<String, Quantity> hard = Objects.named(render(spec), ResourceQuota.class, "space-quota")
                .getSpec()
                .getHard();

        // 100 GiB of data + 2 GiB of program + 5 GiB of event uploads + 2 GiB of forum files, in 4 volumes.
        assertThat(hard.get("requests.storage")).isEqualTo(new Quantity("109Gi"));
        assertThat(hard.get("persistentvolumeclaims")).isEqualTo(new Quantity("4"));
        List<PersistentVolumeClaim> claims = Objects.all(space.objects(), PersistentVolumeClaim.class);
        assertThat(claims).hasSize(4);
        assertThat(claims.stream()
                        .map(c -> c.getSpec()
                                .getResources()
                                .getRequests()
                                .get("storage")
                                .getNumericalAmount())
                        .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(hard.get("requests.storage").getNumericalAmount());
        assertThat(Objects.named(space.objects(), PersistentVolumeClaim.class, "nextcloud-data")
                        .getSpec()
                        .getResources()
                        .getRequests()
                        .get("storage"))
                .isEqualTo(new Quantity("100Gi"));

        BigDecimal cpuLimits = BigDecimal.ZERO;
        BigDecimal memoryLimits = BigDecimal.ZERO;
        for (HasMetadata object : space.objects()) {
            for (Container c :
                    Objects.podSpec(object).map(p -> p.getContainers()).orElse(List.of())) {
                cpuLimits =
                        cpuLimits.add(c.getResources().getLimits().get("cpu").getNumericalAmount());
                memoryLimits = memoryLimits.add(
                        c.getResources().getLimits().get("memory").getNumericalAmount());
            }
        }
        assertThat(hard.get("limits.cpu").getNumericalAmount()).isGreaterThanOrEqualTo(cpuLimits);
        assertThat(hard.get("limits.memory").getNumericalAmount()).isGreaterThanOrEqualTo(memoryLimits);
        assertThat(hard)
                .containsKeys("requests.cpu", "requests.memory", "pods")
                .containsEntry("services.loadbalancers", new Quantity("0"))
                .containsEntry("services.nodeports", new Quantity("0"));
    }

    /**
     * The worst moment, summed here from the rendered objects rather than from the quota's own arithmetic: every
     * service on, every Deployment at its replicas, every configure Job running (a change of settings during a
     * backup), and a backup with all its pods (one dump pod per database, one k8up backup pod per app holding a
     * volume, since each app may sit on its own node). It must fit the quota, for a space with every service on and
     * for one with none (turning a service on during a backup must fit too).
     */
    @Test
    void everythingAtOnceFitsTheQuotaConfigureJobsAndABackupIncluded() {
        for (SpaceSpec spec : List.of(
                SpaceSpec.of("amap", "AMAP"), SpaceSpec.of("amap", "AMAP").withServices(SpaceSpec.Services.NONE))) {
            List<HasMetadata> everything = TenantTemplates.render(spec.withServices(SpaceSpec.Services.ALL), platform)
                    .objects();
            List<PodSpec> running = new ArrayList<>();
            int jobs = 0;
            int dumps = 0;
            PodSpec backupPod = null;
            for (HasMetadata object : everything) {
                if (object instanceof Deployment d) {
                    for (int i = 0; i < d.getSpec().getReplicas(); i++) {
                        running.add(d.getSpec().getTemplate().getSpec());
                    }
                } else if (object instanceof Job j) {
                    jobs++;
                    int parallelism = j.getSpec().getParallelism() == null
                            ? 1
                            : j.getSpec().getParallelism();
                    for (int i = 0; i < parallelism; i++) {
                        running.add(j.getSpec().getTemplate().getSpec());
                    }
                } else if (object instanceof GenericKubernetesResource r && "PreBackupPod".equals(r.getKind())) {
                    dumps++;
                    running.add(podSpec(r, "pod"));
                } else if (object instanceof GenericKubernetesResource r && "PodConfig".equals(r.getKind())) {
                    backupPod = podSpec(r, "template");
                }
            }
            assertThat(jobs).as("a configure Job per app that has one").isGreaterThanOrEqualTo(2);
            assertThat(dumps).as("a dump per database").isEqualTo(3);
            assertThat(backupPod).as("k8up's pod config").isNotNull();
            long appsWithVolumes = everything.stream()
                    .filter(o -> o instanceof Deployment d
                            && d.getSpec().getTemplate().getSpec().getVolumes().stream()
                                    .anyMatch(v -> v.getPersistentVolumeClaim() != null))
                    .count();
            for (int i = 0; i < appsWithVolumes; i++) {
                running.add(backupPod);
            }

            Map<String, Quantity> hard = Objects.named(render(spec), ResourceQuota.class, "space-quota")
                    .getSpec()
                    .getHard();
            assertThat(hard.get("pods").getNumericalAmount().intValue())
                    .as("pods, " + spec.services())
                    .isGreaterThanOrEqualTo(running.size());
            for (String resource : List.of("requests.cpu", "limits.cpu", "requests.memory", "limits.memory")) {
                String kind = resource.substring(resource.indexOf('.') + 1);
                boolean requests = resource.startsWith("requests");
                BigDecimal sum = BigDecimal.ZERO;
                for (PodSpec pod : running) {
                    BigDecimal containers = BigDecimal.ZERO;
                    for (Container c : pod.getContainers()) {
                        containers = containers.add((requests
                                        ? c.getResources().getRequests()
                                        : c.getResources().getLimits())
                                .get(kind)
                                .getNumericalAmount());
                    }
                    BigDecimal init = BigDecimal.ZERO;
                    List<Container> inits = pod.getInitContainers() == null ? List.of() : pod.getInitContainers();
                    for (Container c : inits) {
                        init = init.max((requests
                                        ? c.getResources().getRequests()
                                        : c.getResources().getLimits())
                                .get(kind)
                                .getNumericalAmount());
                    }
                    sum = sum.add(containers.max(init));
                }
                assertThat(hard.get(resource).getNumericalAmount())
                        .as(resource + ", " + spec.services())
                        .isGreaterThanOrEqualTo(sum);
            }
        }
    }

    private static PodSpec podSpec(GenericKubernetesResource resource, String field) {
        Object template = ((Map<?, ?>) resource.getAdditionalProperties().get("spec")).get(field);
        return Templates.SERIALIZATION
                .convertValue(template, PodTemplateSpec.class)
                .getSpec();
    }

    /** The README's figures for the default space are the rendered quota's, so they cannot go stale. */
    @Test
    void theReadmesQuotaFiguresAreTheDefaultSpacesRenderedQuota() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("For the default space: ((?:`[a-z.]+ [^`]+`[,.]?\\s*)+)")
                .matcher(readme);
        assertThat(line.find())
                .as("README.md states the default space's quota as `resource value` pairs")
                .isTrue();
        Map<String, String> stated = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("`([a-z.]+) ([^`]+)`").matcher(line.group(1));
        while (pair.find()) {
            stated.put(pair.group(1), pair.group(2));
        }
        Map<String, String> rendered = new LinkedHashMap<>();
        Objects.named(render(SpaceSpec.of("amap", "AMAP")), ResourceQuota.class, "space-quota")
                .getSpec()
                .getHard()
                .forEach((k, v) -> rendered.put(k, v.toString()));
        rendered.remove("services.loadbalancers");
        rendered.remove("services.nodeports");
        assertThat(stated)
                .as("tenant-templates/README.md, 'Quota derived from what runs'")
                .isEqualTo(rendered);
    }

    @Test
    void turningAServiceOffDoesNotShrinkTheQuota() {
        SpaceSpec spec = SpaceSpec.of("amap", "AMAP");
        ResourceQuota all = Objects.named(render(spec), ResourceQuota.class, "space-quota");
        ResourceQuota none =
                Objects.named(render(spec.withServices(SpaceSpec.Services.NONE)), ResourceQuota.class, "space-quota");
        assertThat(none).isEqualTo(all);
    }

    @Test
    void theLimitRangeCapsAVolumeAtTheSpacesStorage() {
        LimitRange limits = Objects.named(
                render(SpaceSpec.of("amap", "AMAP").withQuotas(new SpaceSpec.Quotas(50, 60))),
                LimitRange.class,
                "space-limits");
        assertThat(limits.getSpec().getLimits()).anySatisfy(item -> {
            assertThat(item.getType()).isEqualTo("PersistentVolumeClaim");
            assertThat(item.getMax()).containsEntry("storage", new Quantity("60Gi"));
        });
        assertThat(limits.getSpec().getLimits()).anySatisfy(item -> {
            assertThat(item.getType()).isEqualTo("Container");
            assertThat(item.getDefault()).containsKeys("cpu", "memory");
            assertThat(item.getDefaultRequest()).containsKeys("cpu", "memory");
        });
    }
}
