package org.essaim.tenant;

import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost tool's figures agree with what the space's quota allows, and it reads the chart's office servers. */
class SpaceCostTest {

    private static final Path VALUES = Path.of("..", "control-plane", "deploy", "helm", "essaim", "values.yaml");

    @Test
    void whatASpaceRunsFitsItsQuotaAndTheReportHasEveryRow() throws Exception {
        PlatformSettings platform = Platforms.example();
        SpaceSpec spec = SpaceSpec.of("asso", "A").withServices(SpaceSpec.Services.ALL);
        RenderedSpace space = TenantTemplates.render(spec, platform);
        SpaceCost.Figures running = SpaceCost.running(space);
        SpaceCost.Figures atMost = SpaceCost.atMost(space, spec, platform);
        PodBudget budget = PodBudget.of(space.objects(), Backups.pods(spec, platform));

        assertThat(running.pods()).isEqualTo(3);
        assertThat(running.volumes()).isEqualTo(budget.claims());
        assertThat(running.storage()).isEqualByComparingTo(budget.storage());
        assertThat(atMost.cpuLimits()).isEqualByComparingTo(budget.cpuLimits());
        assertThat(atMost.memoryRequests()).isEqualByComparingTo(budget.memoryRequests());
        assertThat(running.cpuRequests()).isLessThan(atMost.cpuRequests());
        assertThat(running.times(10_000).memoryLimits())
                .isEqualByComparingTo(running.memoryLimits().multiply(BigDecimal.valueOf(10_000)));

        SpaceCost.Figures office = SpaceCost.officeServers(VALUES, false);
        assertThat(office.pods()).isEqualTo(2);
        assertThat(office.cpuRequests()).isPositive();
        List<String> report = SpaceCost.report(10_000, VALUES);
        assertThat(report).anyMatch(l -> l.startsWith("| one space, running × 10000 | 30000 |"));
    }
}
