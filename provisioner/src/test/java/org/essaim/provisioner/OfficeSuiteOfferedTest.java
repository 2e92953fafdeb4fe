package org.essaim.provisioner;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.PlatformSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A space whose office suite the platform does not run says so, instead of failing on a missing secret. */
class OfficeSuiteOfferedTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private SpaceReconciler reconciler;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
        PlatformSettings collaboraOnly = Fakes.platform()
                .withOffice(PlatformSettings.OfficeServers.chart("essaim.test", MockCluster.NAMESPACE, false));
        ProvisionerSettings settings = ProvisionerSettings.defaults(collaboraOnly, MockCluster.NAMESPACE)
                .withRetries(Fakes.settings().firstRetry(), Fakes.settings().longestRetry())
                .withPlatformSecrets(Fakes.BACKUP_STORAGE);
        reconciler = Fakes.forCluster(
                cluster.provisioner, settings, new Fakes.Directory(), new Fakes.Databases(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void onlyOfficeOnAPlatformWithoutItIsReportedAsNotOfferedAndNothingIsApplied() {
        SpaceReconciler.Outcome outcome =
                reconciler.reconcile(Spaces.space(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE)));
        SpaceStatus status = outcome.status();

        assertThat(status.isReady()).isFalse();
        assertThat(Spaces.condition(status, SpaceConditions.READY).getReason())
                .isEqualTo(Reason.OFFICE_SUITE_NOT_OFFERED);
        assertThat(Spaces.condition(status, SpaceConditions.WORKSPACE).getReason())
                .isEqualTo(Reason.OFFICE_SUITE_NOT_OFFERED);
        assertThat(Spaces.condition(status, SpaceConditions.WORKSPACE).getMessage())
                .contains("OnlyOffice, which this platform does not run (it offers Collabora Online)")
                .contains("space's settings")
                .doesNotContain("jwt-secret");
        assertThat(status.conditions()).noneMatch(c -> c.getMessage().contains("office-onlyoffice"));
        assertThat(outcome.retry())
                .as("settled until the spec or the platform changes")
                .isFalse();
        assertThat(outcome.writes()).isZero();
        assertThat(client.namespaces().withName("space-asso").get()).isNull();
    }

    @Test
    void collaboraOnTheSamePlatformIsApplied() {
        SpaceStatus status = reconciler.reconcile(Spaces.space("asso")).status();
        assertThat(Spaces.condition(status, SpaceConditions.WORKSPACE).getReason())
                .isEqualTo(Reason.APPLIED);
    }
}
