package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceLabels;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One pass over one space at a time, against the mock API server in CRUD mode. */
class ClusterReconcileTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private final Fakes.Directory directory = new Fakes.Directory();
    private final Fakes.Databases databases = new Fakes.Databases();
    private SpaceReconciler reconciler;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
        reconciler = Fakes.forCluster(cluster.provisioner, Fakes.settings(), directory, databases, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private RenderedSpace rendered(SpaceSpec spec) {
        return TenantTemplates.render(spec, Fakes.platform());
    }

    @Test
    void aNewSpaceGetsEveryObjectInOneWriteEachUnderOneFieldManager() {
        Space space = Spaces.space("asso");
        RenderedSpace expected = rendered(space.getSpec());

        SpaceReconciler.Outcome outcome = reconciler.reconcile(space);

        assertThat(outcome.retry()).isFalse();
        assertThat(outcome.status().isReady()).as(outcome.status().toString()).isTrue();
        for (HasMetadata object : expected.objects()) {
            assertThat(ClusterTarget.resource(client, object).get())
                    .as(object.getKind() + " " + object.getMetadata().getName())
                    .isNotNull();
        }
        int secrets = expected.secrets().size();
        // and the RoleBinding that lets the provisioner reach the Secrets of this namespace, and of no other
        int binding = 1;
        assertThat(client.rbac()
                        .roleBindings()
                        .inNamespace("space-asso")
                        .withName(ClusterTarget.SECRETS_ROLE)
                        .get()
                        .getRoleRef()
                        .getName())
                .isEqualTo(ClusterTarget.SECRETS_ROLE);
        assertThat(outcome.writes()).isEqualTo(expected.objects().size() + secrets + binding);
        assertThat(cluster.api.writes.get()).isEqualTo(expected.objects().size() + secrets + binding);
        assertThat(cluster.api.applies)
                .hasSize(expected.objects().size() + secrets + binding)
                .allSatisfy(apply -> {
                    assertThat(apply.fieldManager()).isEqualTo(ProvisionerSettings.FIELD_MANAGER);
                    assertThat(apply.force()).isTrue();
                });
        assertThat(cluster.api.count("PUT")).isZero();
    }

    @Test
    void aConvergedSpaceCostsNoWrite() {
        Space space = Spaces.space("asso");
        SpaceReconciler.Outcome first = reconciler.reconcile(space);
        cluster.api.resetCounts();

        SpaceReconciler.Outcome second = reconciler.reconcile(Spaces.next(space, space.getSpec(), first.status()));

        assertThat(second.writes()).isZero();
        assertThat(cluster.api.writes.get()).isZero();
        assertThat(cluster.api.reads.get()).isPositive();
        assertThat(directory.operations).containsExactly("ensure asso", "ensure asso");
        assertThat(databases.operations)
                .containsExactly("create nextcloud_asso", "create mobilizon_asso", "create phpbb_asso");
    }

    @Test
    void driftIsPutBack() {
        Space space = Spaces.space("asso");
        reconciler.reconcile(space);
        client.network()
                .v1()
                .networkPolicies()
                .inNamespace("space-asso")
                .withName("default-deny")
                .delete();
        ResourceQuota quota = client.resourceQuotas()
                .inNamespace("space-asso")
                .withName("space-quota")
                .get();
        quota.getSpec().getHard().put("requests.storage", new Quantity("500Gi"));
        client.resource(quota).update();
        cluster.api.resetCounts();

        SpaceReconciler.Outcome outcome = reconciler.reconcile(space);

        assertThat(outcome.writes()).isEqualTo(2);
        assertThat(client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("space-asso")
                        .withName("default-deny")
                        .get())
                .isNotNull();
        assertThat(client.resourceQuotas()
                        .inNamespace("space-asso")
                        .withName("space-quota")
                        .get()
                        .getSpec()
                        .getHard()
                        .get("requests.storage"))
                .isEqualTo(new Quantity("49Gi"));
    }

    @Test
    void secretsAreGeneratedOnceAndALostOneIsRegeneratedAndSetAgainWhereItOpens() {
        Space space = Spaces.space("asso");
        reconciler.reconcile(space);
        Map<String, String> first = values(SpaceSecrets.DIRECTORY);
        assertThat(directory.servicePasswords).containsEntry("asso", first.get(SpaceSecrets.PASSWORD));
        assertThat(first.get(SpaceSecrets.PASSWORD)).hasSizeGreaterThanOrEqualTo(40);

        reconciler.reconcile(space);
        assertThat(values(SpaceSecrets.DIRECTORY)).isEqualTo(first);

        client.secrets()
                .inNamespace("space-asso")
                .withName(SpaceSecrets.DIRECTORY)
                .delete();
        client.secrets()
                .inNamespace("space-asso")
                .withName("database-nextcloud")
                .delete();
        reconciler.reconcile(space);

        String regenerated = values(SpaceSecrets.DIRECTORY).get(SpaceSecrets.PASSWORD);
        assertThat(regenerated).isNotEqualTo(first.get(SpaceSecrets.PASSWORD));
        assertThat(directory.servicePasswords).containsEntry("asso", regenerated);
        assertThat(databases.passwords)
                .containsEntry("nextcloud_asso", values("database-nextcloud").get(SpaceSecrets.PASSWORD));
        assertThat(databases.operations).contains("password nextcloud_asso");
    }

    private Map<String, String> values(String name) {
        Secret secret =
                client.secrets().inNamespace("space-asso").withName(name).get();
        return Map.of(
                SpaceSecrets.PASSWORD,
                new String(
                        Base64.getDecoder().decode(secret.getData().get(SpaceSecrets.PASSWORD)),
                        StandardCharsets.UTF_8));
    }

    @Test
    void suspensionScalesToZeroKeepsEverythingAndResumes() {
        Space space = Spaces.space("asso");
        SpaceStatus running = reconciler.reconcile(space).status();
        Space suspended = Spaces.next(space, space.getSpec().withSuspended(true), running);

        SpaceStatus status = reconciler.reconcile(suspended).status();

        assertThat(client.apps().deployments().inNamespace("space-asso").list().getItems())
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isZero());
        assertThat(client.persistentVolumeClaims()
                        .inNamespace("space-asso")
                        .list()
                        .getItems())
                .hasSize(4);
        assertThat(Spaces.condition(status, SpaceConditions.READY).getReason()).isEqualTo(Reason.SUSPENDED);
        assertThat(Spaces.condition(status, SpaceConditions.WORKSPACE).getReason())
                .isEqualTo(Reason.SUSPENDED);
        assertThat(status.condition(SpaceConditions.WORKSPACE).orElseThrow().getStatus())
                .isEqualTo("True");

        SpaceStatus resumed = reconciler
                .reconcile(Spaces.next(suspended, space.getSpec(), status))
                .status();
        assertThat(resumed.isReady()).isTrue();
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("space-asso")
                        .withName("nextcloud")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isOne();
    }

    @Test
    void aServiceTurnedOffLosesItsWorkloadAndKeepsItsVolume() {
        Space space = Spaces.space("asso");
        SpaceStatus on = reconciler.reconcile(space).status();
        Space off = Spaces.next(space, space.getSpec().withServices(new SpaceSpec.Services(false, true)), on);

        SpaceStatus status = reconciler.reconcile(off).status();

        assertThat(client.apps()
                        .deployments()
                        .inNamespace("space-asso")
                        .withName("mobilizon")
                        .get())
                .isNull();
        assertThat(client.services()
                        .inNamespace("space-asso")
                        .withName("mobilizon")
                        .get())
                .isNull();
        assertThat(client.persistentVolumeClaims()
                        .inNamespace("space-asso")
                        .withName("mobilizon-uploads")
                        .get())
                .isNotNull();
        assertThat(Spaces.condition(status, SpaceConditions.EVENTS).getReason()).isEqualTo(Reason.DISABLED);
        assertThat(status.urls().events()).isNull();
        assertThat(client.network()
                        .v1()
                        .ingresses()
                        .inNamespace("space-asso")
                        .withName("space")
                        .get()
                        .getSpec()
                        .getRules())
                .hasSize(2);
        assertThat(status.isReady()).isTrue();
    }

    @Test
    void anotherOfficeSuiteReplacesTheConfigurationJob() {
        Space space = Spaces.space("asso");
        SpaceStatus collabora = reconciler.reconcile(space).status();
        String before = job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH);
        ProvisionerSettings withToken = Fakes.settings()
                .withPlatformSecrets(
                        Map.of(SpaceSecrets.ONLYOFFICE, Map.of(SpaceSecrets.JWT_SECRET, "platform-token")));
        reconciler = Fakes.forCluster(cluster.provisioner, withToken, directory, databases, Clock.systemUTC());
        cluster.api.resetCounts();

        SpaceStatus onlyoffice = reconciler
                .reconcile(Spaces.next(space, space.getSpec().withOfficeSuite(OfficeSuite.ONLYOFFICE), collabora))
                .status();

        assertThat(onlyoffice.isReady()).isTrue();
        assertThat(job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH)).isNotEqualTo(before);
        assertThat(cluster.api.count("DELETE")).isEqualTo(1);
        assertThat(client.secrets()
                        .inNamespace("space-asso")
                        .withName(SpaceSecrets.ONLYOFFICE)
                        .get())
                .isNotNull();
    }

    @Test
    void newVersionsChangeTheImagesAndRunTheConfigurationJobAgain() {
        Space space = Spaces.space("asso");
        SpaceStatus before = reconciler.reconcile(space).status();
        String hash = job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH);
        cluster.api.resetCounts();

        SpaceStatus after = reconciler
                .reconcile(Spaces.next(
                        space, space.getSpec().withVersions(new AppVersions("32.0.1", null, null, null)), before))
                .status();

        assertThat(after.isReady()).isTrue();
        assertThat(after.versions().workspace()).isEqualTo("32.0.1");
        assertThat(before.versions().workspace()).isEqualTo("31.0.9");
        assertThat(cluster.api.writes.get()).as("the changed objects applied").isPositive();
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("space-asso")
                        .withName("nextcloud")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/essaim/nextcloud:32.0.1-fpm-1");
        assertThat(job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH)).isNotEqualTo(hash);
        assertThat(job().getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/essaim/nextcloud:32.0.1-fpm-1");
    }

    @Test
    void onlyofficeWithoutThePlatformsTokenSaysWhatToSet() {
        SpaceStatus status = reconciler
                .reconcile(Spaces.space(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE)))
                .status();
        assertThat(Spaces.condition(status, SpaceConditions.NAMESPACE_AND_QUOTAS)
                        .getReason())
                .isEqualTo(Reason.NOT_CONFIGURED);
        assertThat(Spaces.condition(status, SpaceConditions.NAMESPACE_AND_QUOTAS)
                        .getMessage())
                .contains("office-onlyoffice/jwt-secret");
    }

    private Job job() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace("space-asso")
                .withName("nextcloud-configure")
                .get();
    }

    @Test
    void anUnreachableDirectoryBecomesAConditionAndNothingOfItIsStored() {
        directory.down = true;
        SpaceReconciler.Outcome outcome = reconciler.reconcile(Spaces.space("asso"));

        assertThat(outcome.retry()).isTrue();
        var condition = Spaces.condition(outcome.status(), SpaceConditions.DIRECTORY);
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo(Reason.DIRECTORY_UNAVAILABLE);
        assertThat(condition.getMessage()).contains("ldap://directory.test:389").contains("retries on its own");
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.READY).getReason())
                .isEqualTo(Reason.DIRECTORY_UNAVAILABLE);
        assertThat(client.secrets()
                        .inNamespace("space-asso")
                        .withName(SpaceSecrets.DIRECTORY)
                        .get())
                .as("a password the directory does not have is not kept")
                .isNull();
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.WORKSPACE).getStatus())
                .isEqualTo("True");

        directory.down = false;
        SpaceReconciler.Outcome recovered = reconciler.reconcile(Spaces.space("asso"));
        assertThat(recovered.status().isReady()).isTrue();
        assertThat(recovered.retry()).isFalse();
    }

    @Test
    void anUnreachableApiServerBecomesConditionsAndARetry() {
        KubernetesClient nowhere = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("https://127.0.0.1:1/")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(500)
                        .build())
                .build();
        try {
            SpaceReconciler.Outcome outcome = Fakes.forCluster(
                            nowhere, Fakes.settings(), directory, databases, Clock.systemUTC())
                    .reconcile(Spaces.space("asso"));
            assertThat(outcome.retry()).isTrue();
            var namespace = Spaces.condition(outcome.status(), SpaceConditions.NAMESPACE_AND_QUOTAS);
            assertThat(namespace.getReason()).isEqualTo(Reason.API_ERROR);
            assertThat(namespace.getMessage()).contains("Namespace space-asso").contains("retries on its own");
            assertThat(Spaces.condition(outcome.status(), SpaceConditions.WORKSPACE)
                            .getStatus())
                    .isEqualTo("Unknown");
            assertThat(directory.operations).isEmpty();
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aProvisionerThatDiesHalfwayFinishesWithoutDuplicatingAnything() {
        Space space = Spaces.space("asso");
        RenderedSpace expected = rendered(space.getSpec());
        // The first provisioner gets as far as the workspace, then its API calls fail (it died).
        SpaceTarget dying = new DyingTarget(new ClusterTarget(cluster.provisioner), 2);
        new SpaceReconciler(Fakes.settings(), dying, directory, databases, Clock.systemUTC(), Fakes.passingSelfCheck())
                .reconcile(space);
        long objectsAfterCrash = countObjects(expected);
        assertThat(objectsAfterCrash).isPositive().isLessThan(expected.objects().size());
        Map<String, String> directoryAfterCrash = Map.copyOf(directory.servicePasswords);

        SpaceReconciler.Outcome outcome = reconciler.reconcile(space);

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(countObjects(expected)).isEqualTo(expected.objects().size());
        assertThat(client.apps().deployments().inNamespace("space-asso").list().getItems())
                .hasSize(3);
        assertThat(client.batch().v1().jobs().inNamespace("space-asso").list().getItems())
                .hasSize(2);
        assertThat(client.secrets().inNamespace("space-asso").list().getItems())
                .hasSize(expected.secrets().size());
        assertThat(directory.servicePasswords)
                .containsEntry("asso", values(SpaceSecrets.DIRECTORY).get(SpaceSecrets.PASSWORD));
        assertThat(directoryAfterCrash.get("asso")).isEqualTo(directory.servicePasswords.get("asso"));
    }

    private long countObjects(RenderedSpace expected) {
        return expected.objects().stream()
                .filter(o -> ClusterTarget.resource(client, o).get() != null)
                .count();
    }

    @Test
    void aSpecThatIsNotValidIsReportedAndNotRetried() {
        Space space = Spaces.space(new SpaceSpec("asso", "", "de", new SpaceSpec.Quotas(50, 40), null, null, false));
        SpaceReconciler.Outcome outcome = reconciler.reconcile(space);
        assertThat(outcome.retry()).isFalse();
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.READY).getReason())
                .isEqualTo(Reason.INVALID_SPEC);
        assertThat(Spaces.condition(outcome.status(), SpaceConditions.READY).getMessage())
                .contains("display name is missing")
                .contains("language");
        assertThat(cluster.api.writes.get()).isZero();
    }

    @Test
    void theStatusCarriesTheSpacesGenerationAndAddresses() {
        Space space = Spaces.space("asso");
        space.getMetadata().setGeneration(7L);
        SpaceStatus status = reconciler.reconcile(space).status();
        assertThat(status.observedGeneration()).isEqualTo(7L);
        assertThat(status.conditions())
                .extracting(c -> c.getType())
                .containsExactly(
                        "Ready",
                        "NamespaceAndQuotas",
                        "Directory",
                        "Databases",
                        "Workspace",
                        "Events",
                        "Forum",
                        "Ingress",
                        "Backups",
                        "WorkspaceVerified",
                        "EventsVerified",
                        "ForumVerified");
        assertThat(status.conditions())
                .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(7L));
        assertThat(status.urls().workspace()).isEqualTo("https://asso.essaim.test");
        assertThat(List.of(status.urls().events(), status.urls().forum()))
                .containsExactly("https://asso-events.essaim.test", "https://asso-forum.essaim.test");
    }

    @Test
    void anUnchangedSpaceKeepsItsTransitionTimes() {
        Space space = Spaces.space("asso");
        SpaceStatus first = reconciler.reconcile(space).status();
        SpaceStatus second =
                reconciler.reconcile(Spaces.next(space, space.getSpec(), first)).status();
        assertThat(second.conditions())
                .extracting(c -> c.getLastTransitionTime())
                .isEqualTo(first.conditions().stream()
                        .map(c -> c.getLastTransitionTime())
                        .toList());
        Deployment nextcloud = client.apps()
                .deployments()
                .inNamespace("space-asso")
                .withName("nextcloud")
                .get();
        assertThat(nextcloud.getMetadata().getLabels()).containsEntry(SpaceLabels.SPACE, "asso");
    }
}
