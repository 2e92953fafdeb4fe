package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceAndQuotasTest {

    private final PlatformSettings platform = Platforms.example();

    private List<HasMetadata> render(SpaceSpec spec) {
        return TenantTemplates.render(spec, platform).component(Component.NAMESPACE_AND_QUOTAS).objects();
    }

    @Test
    void theNamespaceIsNamedAfterTheSlugAndEnforcesPodSecurityRestricted() {
        Namespace namespace = Objects.named(render(SpaceSpec.of("asso-du-quartier", "A")), Namespace.class,
                "space-asso-du-quartier");
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
        Map<String, Quantity> hard = Objects.named(render(spec), ResourceQuota.class, "space-quota").getSpec().getHard();

        // 100 GiB of data + 2 GiB of program + 5 GiB of event uploads + 2 GiB of forum files, in 4 volumes.
        assertThat(hard.get("requests.storage")).isEqualTo(new Quantity("109Gi"));
        assertThat(hard.get("persistentvolumeclaims")).isEqualTo(new Quantity("4"));
        List<PersistentVolumeClaim> claims = Objects.all(space.objects(), PersistentVolumeClaim.class);
        assertThat(claims).hasSize(4);
        assertThat(claims.stream().map(c -> c.getSpec().getResources().getRequests().get("storage").getNumericalAmount())
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(hard.get("requests.storage").getNumericalAmount());
        assertThat(Objects.named(space.objects(), PersistentVolumeClaim.class, "nextcloud-data").getSpec()
                .getResources().getRequests().get("storage")).isEqualTo(new Quantity("100Gi"));

        BigDecimal cpuLimits = BigDecimal.ZERO;
        BigDecimal memoryLimits = BigDecimal.ZERO;
        for (HasMetadata object : space.objects()) {
            for (Container c : Objects.podSpec(object).map(p -> p.getContainers()).orElse(List.of())) {
                cpuLimits = cpuLimits.add(c.getResources().getLimits().get("cpu").getNumericalAmount());
                memoryLimits = memoryLimits.add(c.getResources().getLimits().get("memory").getNumericalAmount());
            }
        }
        assertThat(hard.get("limits.cpu").getNumericalAmount()).isGreaterThanOrEqualTo(cpuLimits);
        assertThat(hard.get("limits.memory").getNumericalAmount()).isGreaterThanOrEqualTo(memoryLimits);
        assertThat(hard).containsKeys("requests.cpu", "requests.memory", "pods")
                .containsEntry("services.loadbalancers", new Quantity("0"))
                .containsEntry("services.nodeports", new Quantity("0"));
    }

    @Test
    void turningAServiceOffDoesNotShrinkTheQuota() {
        SpaceSpec spec = SpaceSpec.of("amap", "AMAP");
        ResourceQuota all = Objects.named(render(spec), ResourceQuota.class, "space-quota");
        ResourceQuota none = Objects.named(render(spec.withServices(SpaceSpec.Services.NONE)), ResourceQuota.class,
                "space-quota");
        assertThat(none).isEqualTo(all);
    }

    @Test
    void theLimitRangeCapsAVolumeAtTheSpacesStorage() {
        LimitRange limits = Objects.named(render(SpaceSpec.of("amap", "AMAP").withQuotas(new SpaceSpec.Quotas(50, 60))),
                LimitRange.class, "space-limits");
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
