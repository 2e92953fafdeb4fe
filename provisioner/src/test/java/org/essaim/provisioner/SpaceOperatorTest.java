package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator end to end: the control plane writes Spaces (SpaceClient), the operator does the rest. */
class SpaceOperatorTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private final Fakes.Directory directory = new Fakes.Directory();
    private final Fakes.Databases databases = new Fakes.Databases();
    private final Fakes.MutableClock clock = new Fakes.MutableClock(Instant.now());
    private final Recorder provisionerEvents = new Recorder();
    private final Recorder controlPlaneEvents = new Recorder();
    private SpaceOperator operator;
    private SpaceClient controlPlane;

    static final class Recorder implements SpaceEvents {
        final Map<String, SpaceStatus> statuses = new ConcurrentHashMap<>();
        final List<SpaceErasure> erasures = new CopyOnWriteArrayList<>();

        @Override
        public void statusChanged(String slug, SpaceStatus status) {
            statuses.put(slug, status);
        }

        @Override
        public void erased(SpaceErasure erasure) {
            erasures.add(erasure);
        }
    }

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
        operator = operator(
                Fakes.forCluster(cluster.provisioner, Fakes.settings().withWorkers(2), directory, databases, clock));
        operator.start();
        controlPlane = new SpaceClient(cluster.controlPlane, MockCluster.NAMESPACE, controlPlaneEvents);
        controlPlane.start();
    }

    private SpaceOperator operator(SpaceReconciler reconciler) {
        return new SpaceOperator(cluster.provisioner, reconciler, provisionerEvents, clock);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
        operator.close();
        cluster.close();
    }

    private Space live(String slug) {
        return client.resources(Space.class)
                .inNamespace(MockCluster.NAMESPACE)
                .withName(slug)
                .get();
    }

    private String readyReason(String slug) {
        Space space = live(slug);
        return space == null || space.getStatus() == null
                ? null
                : Spaces.condition(space.getStatus(), SpaceConditions.READY).getReason();
    }

    @Test
    void anApprovedSpaceBecomesReadyAndThenCostsNoWrite() throws InterruptedException {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));

        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));
        assertThat(live("asso").getMetadata().getFinalizers()).containsExactly(Space.FINALIZER);
        assertThat(live("asso").getStatus().observedGeneration())
                .isEqualTo(live("asso").getMetadata().getGeneration());
        Await.until(
                "the control plane to hear of it",
                () -> controlPlaneEvents.statuses.containsKey("asso")
                        && controlPlaneEvents.statuses.get("asso").isReady());
        assertThat(provisionerEvents.statuses.get("asso").isReady()).isTrue();
        assertThat(controlPlane.status("asso"))
                .hasValueSatisfying(s -> assertThat(s.isReady()).isTrue());

        Await.until("the operator to be idle", operator::idle);
        cluster.api.resetCounts();
        operator.reconcileEverySpace();
        Thread.sleep(500);
        Await.until("the operator to be idle", operator::idle);
        assertThat(cluster.api.writes.get()).as("writes once converged").isZero();
        assertThat(cluster.api.reads.get()).isPositive();
    }

    @Test
    void driftIsNoticedAndPutBackWithoutWaitingForTheNextFullPass() {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));

        client.network()
                .v1()
                .networkPolicies()
                .inNamespace("space-asso")
                .withName("default-deny")
                .delete();

        Await.until(
                "the network policy to be back",
                () -> client.network()
                                .v1()
                                .networkPolicies()
                                .inNamespace("space-asso")
                                .withName("default-deny")
                                .get()
                        != null);
    }

    @Test
    void anAnnotationAsksForAPassWithoutChangingTheSpec() {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));
        Await.until("the operator to be idle", operator::idle);
        long before = operator.reconciliations();

        client.resources(Space.class)
                .inNamespace(MockCluster.NAMESPACE)
                .withName("asso")
                .edit(space -> {
                    space.getMetadata().setAnnotations(Map.of("essaim.org/reconcile", "1"));
                    return space;
                });

        Await.until("another pass", () -> operator.reconciliations() > before);
    }

    @Test
    void aChangeOfSpecIsApplied() {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));

        controlPlane.apply(SpaceSpec.of("asso", "Association").withSuspended(true));

        Await.until("the space to be suspended", () -> Reason.SUSPENDED.equals(readyReason("asso")));
        assertThat(client.apps().deployments().inNamespace("space-asso").list().getItems())
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isZero());
        assertThat(live("asso").getStatus().observedGeneration()).isEqualTo(2L);
    }

    @Test
    void newVersionsAreAppliedAndReportedInTheStatusTheControlPlaneHears() {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));
        assertThat(live("asso").getStatus().versions()).isEqualTo(TenantTemplates.versions(SpaceSpec.of("a", "A")));

        AppVersions next = new AppVersions("32.0.1", "25.04", null, null);
        controlPlane.apply(SpaceSpec.of("asso", "Association").withVersions(next));

        Await.until("the control plane to hear of the new versions", () -> {
            SpaceStatus heard = controlPlaneEvents.statuses.get("asso");
            return heard != null
                    && heard.isReady()
                    && "32.0.1".equals(heard.versions().workspace());
        });
        assertThat(live("asso").getSpec().versions()).isEqualTo(next);
        assertThat(live("asso").getStatus().versions())
                .isEqualTo(new AppVersions("32.0.1", "25.04", "5.1.0", "3.3.15"));
        assertThat(live("asso").getStatus().observedGeneration()).isEqualTo(2L);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("space-asso")
                        .withName("nextcloud")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers())
                .filteredOn(c -> !c.getName().equals("web"))
                .allSatisfy(c -> assertThat(c.getImage()).isEqualTo("ghcr.io/essaim/nextcloud:32.0.1-fpm-1"));
    }

    @Test
    void aVersionOutsideTheCatalogueIsReportedAsAnInvalidSpec() {
        controlPlane.apply(
                SpaceSpec.of("asso", "Association").withVersions(new AppVersions(null, null, "9.9.9", null)));

        Await.until("the spec to be refused", () -> Reason.INVALID_SPEC.equals(readyReason("asso")));
        assertThat(Spaces.condition(live("asso").getStatus(), SpaceConditions.READY)
                        .getMessage())
                .contains("events 9.9.9 is not an allowed version (5.1.0)");
    }

    @Test
    void aDeletedSpaceIsSuspendedKeptForTheGracePeriodThenErasedAndTheControlPlaneIsTold() {
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));

        controlPlane.delete("asso");

        Await.until("the space to be kept, suspended", () -> Reason.DELETING.equals(readyReason("asso")));
        Space deleting = live("asso");
        Instant deletedAt = Instant.parse(deleting.getMetadata().getDeletionTimestamp());
        assertThat(deleting.getStatus().erasesAt())
                .isEqualTo(deletedAt.plus(Duration.ofDays(30)).toString());
        assertThat(client.apps().deployments().inNamespace("space-asso").list().getItems())
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isZero());
        assertThat(client.namespaces().withName("space-asso").get()).isNotNull();
        assertThat(directory.servicePasswords).containsKey("asso");

        clock.advance(Duration.ofDays(29));
        operator.reconcileEverySpace();
        Await.until("the operator to be idle", operator::idle);
        assertThat(live("asso")).as("still within the grace period").isNotNull();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        operator.reconcileEverySpace();

        Await.until("the space to be gone", () -> live("asso") == null);
        assertThat(client.namespaces().withName("space-asso").get()).isNull();
        assertThat(directory.servicePasswords).doesNotContainKey("asso");
        assertThat(databases.passwords).isEmpty();
        assertThat(provisionerEvents.erasures).singleElement().satisfies(erasure -> {
            assertThat(erasure.slug()).isEqualTo("asso");
            assertThat(erasure.databases()).containsExactly("nextcloud_asso", "mobilizon_asso", "phpbb_asso");
            assertThat(erasure.deletedAt()).isEqualTo(deletedAt);
        });
        List<Event> events =
                client.v1().events().inNamespace(MockCluster.NAMESPACE).list().getItems();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getReason()).isEqualTo(SpaceErasure.EVENT_REASON);
            assertThat(event.getInvolvedObject().getName()).isEqualTo("asso");
            assertThat(event.getMessage()).contains("nextcloud_asso");
        });
        Await.until("the control plane to hear of the erasure", () -> controlPlaneEvents.erasures.size() == 1);
        assertThat(controlPlaneEvents.erasures.get(0).databases())
                .containsExactly("nextcloud_asso", "mobilizon_asso", "phpbb_asso");
    }

    @Test
    void failuresAreRetriedWithBackOffUntilTheyClear() {
        directory.down = true;
        controlPlane.apply(SpaceSpec.of("asso", "Association"));

        Await.until("the failure to show", () -> Reason.DIRECTORY_UNAVAILABLE.equals(readyReason("asso")));
        directory.down = false;

        Await.until("the retry to succeed", () -> Reason.READY.equals(readyReason("asso")));
    }

    @Test
    void aRestartedProvisionerFinishesWhatADeadOneStartedWithoutDuplicates() {
        operator.close();
        SpaceOperator dying = operator(new SpaceReconciler(
                Fakes.settings(),
                new DyingTarget(new ClusterTarget(cluster.provisioner), 3),
                directory,
                databases,
                clock,
                Fakes.passingSelfCheck()));
        dying.start();
        controlPlane.apply(SpaceSpec.of("asso", "Association"));
        Await.until("the first provisioner to get stuck", () -> live("asso").getStatus() != null);
        dying.close();

        operator = operator(Fakes.forCluster(cluster.provisioner, Fakes.settings(), directory, databases, clock));
        operator.start();

        Await.until("the space to be ready", () -> Reason.READY.equals(readyReason("asso")));
        RenderedSpace expected = TenantTemplates.render(live("asso").getSpec(), Fakes.platform());
        assertThat(expected.objects())
                .allSatisfy(
                        o -> assertThat(ClusterTarget.resource(client, o).get()).isNotNull());
        assertThat(client.secrets().inNamespace("space-asso").list().getItems())
                .hasSize(expected.secrets().size());
        assertThat(client.apps().deployments().inNamespace("space-asso").list().getItems())
                .hasSize(3);
    }
}
