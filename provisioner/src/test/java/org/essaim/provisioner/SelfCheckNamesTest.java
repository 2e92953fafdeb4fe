package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-check reaches the Services, port and Jobs the templates render, under the names they render. */
class SelfCheckNamesTest {

    @Test
    void theServicesPortAndJobsTheCheckNamesAreTheRenderedOnes() {
        RenderedSpace rendered = TenantTemplates.render(
                SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(true, true)), Fakes.platform());
        assertThat(rendered.objects())
                .filteredOn(Service.class::isInstance)
                .map(o -> (Service) o)
                .filteredOn(
                        s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == InClusterSelfCheck.HTTP_PORT))
                .extracting(s -> s.getMetadata().getName())
                .contains(
                        InClusterSelfCheck.WORKSPACE_SERVICE,
                        InClusterSelfCheck.EVENTS_SERVICE,
                        InClusterSelfCheck.FORUM_SERVICE);
        assertThat(rendered.objects())
                .filteredOn(o -> "Job".equals(o.getKind()))
                .extracting(HasMetadata::getMetadata)
                .extracting(m -> m.getName())
                .contains(InClusterSelfCheck.WORKSPACE_JOB, InClusterSelfCheck.FORUM_JOB);
        assertThat(rendered.objects())
                .filteredOn(o -> "Job".equals(o.getKind()))
                .allSatisfy(job -> assertThat(
                                ((Job) job).getSpec().getTemplate().getSpec().getContainers())
                        .extracting(c -> c.getName())
                        .contains("configure"));
    }
}
