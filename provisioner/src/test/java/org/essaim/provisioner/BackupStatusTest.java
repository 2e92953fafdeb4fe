package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.SpaceSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each space's backups on the mock API server: the schedule applied, and the last successful backup reported. */
class BackupStatusTest {

    private static final ResourceDefinitionContext BACKUPS = ClusterTarget.definition("k8up.io/v1", "Backup");

    private MockCluster cluster;
    private KubernetesClient client;
    private SpaceReconciler reconciler;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
        reconciler = Fakes.forCluster(
                cluster.provisioner, Fakes.settings(), new Fakes.Directory(), new Fakes.Databases(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A k8up Backup as k8up leaves it (https://docs.k8up.io/k8up/references/status.html). */
    private void backup(String name, String reason, String finishedAt) {
        GenericKubernetesResource backup = new GenericKubernetesResourceBuilder()
                .withApiVersion("k8up.io/v1")
                .withKind("Backup")
                .withNewMetadata()
                .withName(name)
                .withNamespace("space-asso")
                .endMetadata()
                .build();
        backup.setAdditionalProperty(
                "status",
                Map.of(
                        "conditions",
                        List.of(
                                Map.of(
                                        "type",
                                        "Ready",
                                        "status",
                                        "True",
                                        "reason",
                                        "Ready",
                                        "lastTransitionTime",
                                        finishedAt),
                                Map.of(
                                        "type",
                                        "Completed",
                                        "status",
                                        "True",
                                        "reason",
                                        reason,
                                        "lastTransitionTime",
                                        finishedAt))));
        client.genericKubernetesResources(BACKUPS)
                .inNamespace("space-asso")
                .resource(backup)
                .create();
    }

    @Test
    void theScheduleIsAppliedWithTheSpacesSecretsAndNoBackupIsReportedBeforeTheFirst() {
        SpaceReconciler.Outcome outcome = reconciler.reconcile(Spaces.space("asso"));

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.BACKUPS).getReason())
                .isEqualTo(Reason.APPLIED);
        assertThat(client.genericKubernetesResources(ClusterTarget.definition("k8up.io/v1", "Schedule"))
                        .inNamespace("space-asso")
                        .withName("backup")
                        .get())
                .isNotNull();
        assertThat(client.secrets()
                        .inNamespace("space-asso")
                        .withName(SpaceSecrets.BACKUP_REPOSITORY)
                        .get()
                        .getData())
                .containsKey(SpaceSecrets.PASSWORD);
        assertThat(client.secrets()
                        .inNamespace("space-asso")
                        .withName(SpaceSecrets.BACKUP_STORAGE)
                        .get()
                        .getData())
                .containsKeys(SpaceSecrets.ACCESS_KEY_ID, SpaceSecrets.SECRET_ACCESS_KEY);
        assertThat(outcome.status().lastSuccessfulBackup()).isNull();
    }

    @Test
    void theLastBackupThatSucceededIsReportedAndAConvergedSpaceStillCostsNoWrite() {
        Space space = Spaces.space("asso");
        SpaceReconciler.Outcome first = reconciler.reconcile(space);
        backup("backup-1", "Succeeded", "2026-11-19T02:14:00Z");
        backup("backup-2", "Succeeded", "2026-11-20T02:14:00Z");
        backup("backup-3", "Failed", "2026-11-21T02:14:00Z");

        SpaceReconciler.Outcome second = reconciler.reconcile(Spaces.next(space, space.getSpec(), first.status()));
        assertThat(second.status().lastSuccessfulBackup()).isEqualTo("2026-11-20T02:14:00Z");
        assertThat(second.status().sameAs(first.status()))
                .as("a new backup is a change to write")
                .isFalse();

        cluster.api.resetCounts();
        SpaceReconciler.Outcome third = reconciler.reconcile(Spaces.next(space, space.getSpec(), second.status()));
        assertThat(third.writes()).isZero();
        assertThat(cluster.api.writes.get()).isZero();
        assertThat(third.status().sameAs(second.status()))
                .as("nothing changed, nothing to write")
                .isTrue();
    }

    @Test
    void aSuccessK8upNoLongerKeepsIsNotForgotten() {
        Space space = Spaces.space("asso");
        backup("backup-1", "Succeeded", "2026-11-20T02:14:00Z");
        SpaceReconciler.Outcome first = reconciler.reconcile(space);
        assertThat(first.status().lastSuccessfulBackup()).isEqualTo("2026-11-20T02:14:00Z");
        client.genericKubernetesResources(BACKUPS)
                .inNamespace("space-asso")
                .withName("backup-1")
                .delete();
        backup("backup-2", "Failed", "2026-11-21T02:14:00Z");

        SpaceReconciler.Outcome second = reconciler.reconcile(Spaces.next(space, space.getSpec(), first.status()));
        assertThat(second.status().lastSuccessfulBackup()).isEqualTo("2026-11-20T02:14:00Z");
    }

    @Test
    void withoutTheBucketsKeysTheSpaceSaysItIsNotBackedUpAndStillServesItsMembers() {
        reconciler = Fakes.forCluster(
                cluster.provisioner,
                Fakes.settings().withPlatformSecrets(Map.of()),
                new Fakes.Directory(),
                new Fakes.Databases(),
                Clock.systemUTC());
        SpaceStatus status = reconciler.reconcile(Spaces.space("asso")).status();

        assertThat(status.isReady()).isTrue();
        assertThat(Spaces.condition(status, SpaceConditions.BACKUPS).getStatus())
                .isEqualTo(SpaceConditions.FALSE);
        assertThat(Spaces.condition(status, SpaceConditions.BACKUPS).getReason())
                .isEqualTo(Reason.NOT_CONFIGURED);
        assertThat(Spaces.condition(status, SpaceConditions.BACKUPS).getMessage())
                .contains("backup-storage/access-key-id");
        assertThat(Spaces.condition(status, SpaceConditions.NAMESPACE_AND_QUOTAS)
                        .getStatus())
                .isEqualTo(SpaceConditions.TRUE);
        assertThat(client.genericKubernetesResources(ClusterTarget.definition("k8up.io/v1", "Schedule"))
                        .inNamespace("space-asso")
                        .withName("backup")
                        .get())
                .isNull();
    }
}
