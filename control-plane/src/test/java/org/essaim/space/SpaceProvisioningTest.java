package org.essaim.space;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.platform.DataDirectory;
import org.essaim.provisioner.SpaceClient;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.SPACE;

/**
 * Approval to provisioning in the local default: the in-process provisioner creates the directory subtree for real,
 * writes the manifests, and its progress reaches the staff's space page; staff suspend, resume and delete.
 */
@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + SpaceProvisioningTest.PASSWORD)
class SpaceProvisioningTest {

    static final String PASSWORD = "space-provisioning-test-password";

    @Autowired
    SpaceRegistry registry;

    @Autowired
    SpaceLifecycle lifecycle;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    SpaceSubtrees spaceSubtrees;

    @Autowired
    DataDirectory dataDirectory;

    @Autowired
    DSLContext db;

    @LocalServerPort
    int port;

    @Test
    void anApprovedSpaceGetsItsDirectorySubtreeAndManifestsAndStaffSeeEachStep() throws IOException {
        String slug = approve();

        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        awaitTrue(() -> Files.exists(manifests) && state(slug) != SpaceState.PENDING, "provisioned");
        assertThat(spaceSubtrees.hasSpace(slug)).isTrue();
        assertThat(Files.readString(manifests))
                .contains("name: \"space-" + slug + "\"")
                .contains("kind: \"NetworkPolicy\"");

        WebClient staff = signedIn();
        String page =
                staff.get("/staff/spaces/" + slug, "Accept-Language", "en").body();
        assertThat(page)
                .contains("data-component=\"Directory\" data-status=\"True\"")
                .contains("data-component=\"Workspace\"")
                .contains("id=\"local-mode\"")
                .contains("Namespace and quotas")
                .contains("Web addresses");
        // The self-check, with its reason: locally nothing runs, so nothing is checked, and the page says so.
        assertThat(page)
                .contains("data-check=\"WorkspaceVerified\" data-status=\"False\" data-reason=\"NotApplied\"")
                .contains("data-check=\"EventsVerified\"")
                .contains("Workspace verified")
                .contains("Not checked: no cluster is configured");
        // The list pages through the spaces by slug, 50 at a time, and the shared test database holds more: ask for
        // the page that starts just before this one.
        assertThat(staff.get("/staff/spaces?after=" + slug.substring(0, slug.length() - 1), "Accept-Language", "fr")
                        .body())
                .contains(slug)
                .contains("Espaces");
    }

    @Test
    void aRolledBackApprovalProvisionsNothing() {
        String rolledBack = slug();
        transaction.executeWithoutResult(status -> {
            registry.register(newSpace(rolledBack), "admin");
            status.setRollbackOnly();
        });
        String committed = approve();

        awaitTrue(() -> spaceSubtrees.hasSpace(committed), "the committed space provisioned");
        assertThat(spaceSubtrees.hasSpace(rolledBack)).isFalse();
        assertThat(dataDirectory.resolve("spaces/" + rolledBack)).doesNotExist();
        assertThat(db.fetchCount(SPACE, SPACE.SLUG.eq(rolledBack))).isZero();
    }

    @Test
    void staffSuspendResumeAndDeleteASpaceAndEachStepIsAudited() throws IOException {
        String slug = approve();
        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        awaitTrue(() -> Files.exists(manifests), "manifests written");
        WebClient staff = signedIn();

        staff.submit("/staff/spaces/" + slug, "/staff/spaces/" + slug + "/suspend", Map.of("confirmed", "true"));
        assertThat(state(slug)).isEqualTo(SpaceState.SUSPENDED);
        awaitTrue(() -> read(manifests).contains("replicas: 0"), "workloads scaled to zero");
        assertThat(audited("space.suspended", slug)).isTrue();

        staff.submit("/staff/spaces/" + slug, "/staff/spaces/" + slug + "/resume", Map.of());
        assertThat(db.fetchValue(SPACE.SUSPENDED, SPACE.SLUG.eq(slug))).isFalse();
        awaitTrue(() -> !read(manifests).contains("replicas: 0"), "workloads back");
        assertThat(audited("space.resumed", slug)).isTrue();

        staff.submit("/staff/spaces/" + slug, "/staff/spaces/" + slug + "/delete", Map.of("confirm", "not-it"));
        assertThat(db.fetchValue(SPACE.DELETED_AT, SPACE.SLUG.eq(slug)))
                .as("a wrong confirmation deletes nothing")
                .isNull();

        staff.submit("/staff/spaces/" + slug, "/staff/spaces/" + slug + "/delete", Map.of("confirm", slug));
        assertThat(state(slug)).isEqualTo(SpaceState.DELETING);
        assertThat(db.fetchValue(SPACE.DELETED_BY, SPACE.SLUG.eq(slug))).isEqualTo("admin");
        assertThat(audited("space.deleted", slug)).isTrue();
        assertThat(spaceSubtrees.hasSpace(slug)).as("kept for the grace period").isTrue();
        assertThat(staff.get("/staff/spaces/" + slug, "Accept-Language", "en").body())
                .contains("This space is deleted")
                .doesNotContain("/suspend\"");
    }

    @Test
    void aDecisionWhoseHandOverWasLostIsHandedOverAgainByTheResyncJob() {
        String slug = approve();
        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        awaitTrue(() -> Files.exists(manifests) && !pending(slug), "approval handed over");

        // A suspension recorded while provisioning could not be told (API server down, or a restart in between).
        db.update(SPACE)
                .set(SPACE.SUSPENDED, true)
                .set(SPACE.STATE, SpaceState.SUSPENDED)
                .set(SPACE.HANDOVER_PENDING, true)
                .set(SPACE.HANDOVER_REQUESTED_AT, OffsetDateTime.now().minusHours(1))
                .where(SPACE.SLUG.eq(slug))
                .execute();
        assertThat(read(manifests)).doesNotContain("replicas: 0");

        assertThat(lifecycle.resubmitPending()).isGreaterThanOrEqualTo(1);

        assertThat(pending(slug)).isFalse();
        awaitTrue(() -> read(manifests).contains("replicas: 0"), "the suspension reached provisioning");
    }

    @Test
    void aSuccessfulHandOverIsNotRepeated() {
        String slug = approve();
        awaitTrue(() -> !pending(slug), "approval handed over");

        staffSuspend(slug);

        assertThat(pending(slug)).as("suspension acknowledged at once").isFalse();
    }

    private void staffSuspend(String slug) {
        signedIn().submit("/staff/spaces/" + slug, "/staff/spaces/" + slug + "/suspend", Map.of("confirmed", "true"));
    }

    private boolean pending(String slug) {
        return db.fetchValue(SPACE.HANDOVER_PENDING, SPACE.SLUG.eq(slug));
    }

    @Test
    void settingsAndQuotasGoThroughTheSpaceResourceAndAreAudited() {
        String slug = approve();
        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        awaitTrue(() -> Files.exists(manifests) && read(manifests).contains("kind: \"Deployment\""), "provisioned");
        assertThat(read(manifests))
                .contains(slug + "-events.")
                .contains(slug + "-forum.")
                .contains("value: \"COLLABORA\"")
                .contains("storage: \"40Gi\"");

        lifecycle.changeSettings(slug, OfficeSuite.ONLYOFFICE, new SpaceSpec.Services(false, true), "admin");
        lifecycle.changeQuotas(slug, new SpaceSpec.Quotas(60, 80), "admin");

        awaitTrue(() -> read(manifests).contains("storage: \"80Gi\""), "the new storage quota reached provisioning");
        String applied = read(manifests);
        assertThat(applied)
                .contains("value: \"ONLYOFFICE\"")
                .contains(slug + "-forum.")
                .doesNotContain(slug + "-events.");
        assertThat(audited("space.settings-changed", slug)).isTrue();
        assertThat(audited("space.quotas-changed", slug)).isTrue();

        long audits = db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.TARGET.eq("space:" + slug));
        lifecycle.changeSettings(slug, OfficeSuite.ONLYOFFICE, new SpaceSpec.Services(false, true), "referent");
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.TARGET.eq("space:" + slug)))
                .as("no change, no record")
                .isEqualTo(audits);
        Assertions.assertThatThrownBy(() -> lifecycle.changeQuotas(slug, new SpaceSpec.Quotas(0, 80), "admin"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpaceResourceTheApiServerRefusesIsShownToStaffWithTheReasonAndAudited() {
        String slug = approve();
        awaitTrue(() -> !pending(slug), "approval handed over to the local provisioner");
        KubernetesMockServer api = new KubernetesMockServer(false);
        api.start();
        try (KubernetesClient client = api.createClient()) {
            Status refusal = new StatusBuilder()
                    .withStatus("Failure")
                    .withCode(422)
                    .withReason("Invalid")
                    .withMessage("Space.essaim.org \"" + slug + "\" is invalid: spec.slug: Invalid value: \"" + slug
                            + "\": spec.slug in body should match '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'")
                    .build();
            String path = "/apis/" + Space.GROUP + "/"
                    + Space.VERSION + "/namespaces/essaim/spaces/" + slug
                    + "?fieldManager=" + SpaceClient.FIELD_MANAGER + "&force=true";
            api.expect().patch().withPath(path).andReturn(422, refusal).times(2);
            SpaceClient cluster = new SpaceClient(client, "essaim", null);

            db.update(SPACE)
                    .set(SPACE.HANDOVER_PENDING, true)
                    .where(SPACE.SLUG.eq(slug))
                    .execute();
            lifecycle.handOver(slug, cluster);
            lifecycle.handOver(slug, cluster);

            assertThat(pending(slug)).as("still to be handed over").isTrue();
            assertThat(db.fetchValue(SPACE.HANDOVER_PROBLEM, SPACE.SLUG.eq(slug)))
                    .contains("HTTP 422 Invalid")
                    .contains("should match");
            assertThat(db.fetchCount(
                            AUDIT_EVENT,
                            AUDIT_EVENT.ACTION.eq("space.handover-failed").and(AUDIT_EVENT.TARGET.eq("space:" + slug))))
                    .as("audited once per reason")
                    .isEqualTo(1);
            WebClient staff = signedIn();
            assertThat(staff.get("/staff/spaces/" + slug, "Accept-Language", "en")
                            .body())
                    .contains("id=\"handover-problem\"")
                    .contains("could not be created")
                    .contains("HTTP 422 Invalid");
            assertThat(staff.get("/staff/spaces?after=" + slug.substring(0, slug.length() - 1), "Accept-Language", "fr")
                            .body())
                    .contains("data-handover-problem=\"" + slug + "\"")
                    .contains("Non créé dans le cluster");

            // The cause fixed (a CRD updated, a quota raised): the next hand-over succeeds and the reason goes.
            api.expect()
                    .patch()
                    .withPath(path)
                    .andReturn(
                            200,
                            Space.of(
                                    "essaim",
                                    SpaceLifecycle.spec(db.selectFrom(SPACE)
                                            .where(SPACE.SLUG.eq(slug))
                                            .fetchOne())))
                    .once();
            lifecycle.handOver(slug, cluster);
        } finally {
            api.destroy();
        }
        assertThat(pending(slug)).isFalse();
        assertThat(db.fetchValue(SPACE.HANDOVER_PROBLEM, SPACE.SLUG.eq(slug)))
                .as("cleared once it succeeds")
                .isNull();
    }

    @Test
    void anUnknownSpaceIsNotFound() {
        assertThat(signedIn().get("/staff/spaces/no-such-space").statusCode()).isEqualTo(404);
    }

    private String approve() {
        String slug = slug();
        transaction.executeWithoutResult(status -> registry.register(newSpace(slug), "admin"));
        return slug;
    }

    private static NewSpace newSpace(String slug) {
        return new NewSpace(slug, "Les Amis du " + slug, "fr", "Camille", slug + "@example.org", null, null);
    }

    private static String slug() {
        return "prov-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private SpaceState state(String slug) {
        return db.fetchValue(SPACE.STATE, SPACE.SLUG.eq(slug));
    }

    private boolean audited(String action, String slug) {
        return db.fetchExists(
                AUDIT_EVENT,
                AUDIT_EVENT
                        .ACTION
                        .eq(action)
                        .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                        .and(AUDIT_EVENT.ACTOR.eq("admin")));
    }

    private WebClient signedIn() {
        WebClient client = new WebClient(port);
        client.signIn("admin", PASSWORD);
        return client;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Provisioning runs on its own threads: wait, bounded, for what it does. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
