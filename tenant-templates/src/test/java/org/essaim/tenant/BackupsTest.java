package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackupsTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private final PlatformSettings platform = Platforms.example();

    /**
     * The fields of k8up's types (k8up.io/v1), from its Go sources: api/v1/schedule_types.go, backend.go,
     * runnable_types.go, prune_types.go, prebackuppod_types.go, podconfig_types.go. A misspelt key in a template
     * would be dropped silently by the API server's pruning; this list catches it here.
     */
    private static final Map<String, Set<String>> K8UP_FIELDS = Map.of(
            "Schedule.spec",
                    Set.of(
                            "backend",
                            "backup",
                            "check",
                            "prune",
                            "archive",
                            "restore",
                            "keepJobs",
                            "failedJobsHistoryLimit",
                            "successfulJobsHistoryLimit",
                            "resourceRequirementsTemplate",
                            "podSecurityContext",
                            "podConfigRef"),
            "Schedule.spec.backend", Set.of("repoPasswordSecretRef", "s3", "envFrom", "tlsOptions", "volumeMounts"),
            "Schedule.spec.backend.s3",
                    Set.of("endpoint", "bucket", "accessKeyIDSecretRef", "secretAccessKeySecretRef"),
            "Schedule.spec.backup",
                    Set.of(
                            "schedule",
                            "concurrentRunsAllowed",
                            "podConfigRef",
                            "resources",
                            "podSecurityContext",
                            "keepJobs",
                            "promURL",
                            "statsURL",
                            "tags",
                            "volumes"),
            "Schedule.spec.check",
                    Set.of(
                            "schedule",
                            "concurrentRunsAllowed",
                            "podConfigRef",
                            "resources",
                            "podSecurityContext",
                            "keepJobs",
                            "promURL",
                            "volumes"),
            "Schedule.spec.prune",
                    Set.of(
                            "schedule",
                            "concurrentRunsAllowed",
                            "podConfigRef",
                            "resources",
                            "podSecurityContext",
                            "keepJobs",
                            "retention",
                            "volumes"),
            "Schedule.spec.prune.retention",
                    Set.of(
                            "keepLast",
                            "keepHourly",
                            "keepDaily",
                            "keepWeekly",
                            "keepMonthly",
                            "keepYearly",
                            "tags",
                            "hostnames"),
            "PreBackupPod.spec", Set.of("backupCommand", "fileExtension", "pod"),
            "PodConfig.spec", Set.of("template"));

    private List<HasMetadata> objects(SpaceSpec spec) {
        return TenantTemplates.render(spec, platform)
                .component(Component.BACKUPS)
                .objects();
    }

    private static GenericKubernetesResource k8up(List<HasMetadata> objects, String kind, String name) {
        return objects.stream()
                .filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .filter(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + kind + " " + name));
    }

    private static JsonNode spec(GenericKubernetesResource object) {
        return JSON.convertValue(object.getAdditionalProperties().get("spec"), JsonNode.class);
    }

    private static PodSpec pod(JsonNode template) {
        PodTemplateSpec parsed = JSON.convertValue(template, PodTemplateSpec.class);
        assertThat(UnknownFields.in(parsed))
                .as("fields a pod template does not know")
                .isEmpty();
        return parsed.getSpec();
    }

    @Test
    void theScheduleBacksUpToTheSpacesOwnRepositoryOnThePlatformsBucket() {
        JsonNode schedule = spec(k8up(objects(SpaceSpec.of("asso", "A")), "Schedule", "backup"));
        JsonNode backend = schedule.path("backend");
        assertThat(backend.path("s3").path("endpoint").asText()).isEqualTo("https://s3." + Platforms.DOMAIN);
        assertThat(backend.path("s3").path("bucket").asText()).isEqualTo("essaim-backups/space-asso");
        assertThat(backend.path("repoPasswordSecretRef").path("name").asText())
                .isEqualTo(SpaceSecrets.BACKUP_REPOSITORY);
        assertThat(backend.path("s3").path("accessKeyIDSecretRef").path("key").asText())
                .isEqualTo(SpaceSecrets.ACCESS_KEY_ID);
        assertThat(backend.path("s3")
                        .path("secretAccessKeySecretRef")
                        .path("key")
                        .asText())
                .isEqualTo(SpaceSecrets.SECRET_ACCESS_KEY);
        assertThat(schedule.path("backup").path("schedule").asText()).isEqualTo("@daily-random");
        assertThat(schedule.path("check").path("schedule").asText()).isEqualTo("@weekly-random");
        JsonNode retention = schedule.path("prune").path("retention");
        assertThat(retention.path("keepDaily").asInt()).isEqualTo(7);
        assertThat(retention.path("keepWeekly").asInt()).isEqualTo(4);
        assertThat(retention.path("keepMonthly").asInt()).isEqualTo(6);
        for (String job : List.of("backup", "check", "prune")) {
            assertThat(schedule.path(job).path("podConfigRef").path("name").asText())
                    .isEqualTo(Backups.POD_CONFIG);
        }
    }

    @Test
    void theSecretsItReadsAreTheOnesTheProvisionerIsToldToCreate() {
        RenderedSpace rendered = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
        assertThat(rendered.secrets())
                .contains(
                        RequiredSecret.generated(SpaceSecrets.BACKUP_REPOSITORY, SpaceSecrets.PASSWORD),
                        RequiredSecret.fromPlatform(
                                SpaceSecrets.BACKUP_STORAGE,
                                SpaceSecrets.ACCESS_KEY_ID,
                                SpaceSecrets.SECRET_ACCESS_KEY));
        String yaml = JSON.asYaml(rendered.component(Component.BACKUPS).objects());
        assertThat(yaml).doesNotContain("kind: Secret");
    }

    @Test
    void everyDatabaseIsDumpedWithTheAppsOwnRoleAndOnlyTheDatabasesThatExist() {
        List<HasMetadata> all = objects(SpaceSpec.of("asso", "A"));
        List<HasMetadata> none = objects(SpaceSpec.of("asso", "A").withServices(SpaceSpec.Services.NONE));
        assertThat(all.stream()
                        .filter(o -> o.getKind().equals("PreBackupPod"))
                        .map(o -> o.getMetadata().getName()))
                .containsExactly("dump-nextcloud", "dump-mobilizon", "dump-phpbb");
        assertThat(none.stream()
                        .filter(o -> o.getKind().equals("PreBackupPod"))
                        .map(o -> o.getMetadata().getName()))
                .containsExactly("dump-nextcloud");
        assertThat(TenantTemplates.render(SpaceSpec.of("asso", "A").withServices(SpaceSpec.Services.NONE), platform)
                        .component(Component.BACKUPS)
                        .absent())
                .extracting(ObjectRef::name)
                .containsExactly("dump-mobilizon", "dump-phpbb");
        JsonNode dump = spec(k8up(all, "PreBackupPod", "dump-mobilizon"));
        assertThat(dump.path("backupCommand").asText()).startsWith("pg_dump --format=custom");
        Container container = pod(dump.path("pod")).getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(AppCatalogue.pinned().postgresClient());
        assertThat(Objects.env(container))
                .containsEntry("PGDATABASE", "mobilizon_asso")
                .containsEntry("PGUSER", "mobilizon_asso")
                .containsEntry("PGHOST", platform.database().host());
        EnvVar password = container.getEnv().stream()
                .filter(e -> e.getName().equals("PGPASSWORD"))
                .findFirst()
                .orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("database-mobilizon");
    }

    @Test
    void k8upsObjectsUseOnlyFieldsK8upKnowsAndTheirPodsParseAsPods() {
        for (HasMetadata object : objects(SpaceSpec.of("asso", "A"))) {
            if (!(object instanceof GenericKubernetesResource resource)) {
                continue;
            }
            assertThat(resource.getApiVersion()).isEqualTo("k8up.io/v1");
            assertThat(resource.getAdditionalProperties().keySet()).containsExactly("spec");
            List<String> unknown = new ArrayList<>();
            unknownFields(resource.getKind() + ".spec", spec(resource), unknown);
            assertThat(unknown).as(resource.getKind()).isEmpty();
        }
        pod(spec(k8up(objects(SpaceSpec.of("asso", "A")), "PodConfig", Backups.POD_CONFIG))
                .path("template"));
    }

    private static void unknownFields(String path, JsonNode node, List<String> unknown) {
        Set<String> known = K8UP_FIELDS.get(path);
        if (known == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(path + "." + name);
            }
            unknownFields(path + "." + name, node.get(name), unknown);
        }
    }

    @Test
    void k8upsPodsRunUnderPodSecurityRestrictedWithinTheQuota() {
        List<HasMetadata> objects = objects(SpaceSpec.of("asso", "A"));
        List<PodSpec> pods = new ArrayList<>();
        pods.add(pod(spec(k8up(objects, "PodConfig", Backups.POD_CONFIG)).path("template")));
        objects.stream()
                .filter(o -> o.getKind().equals("PreBackupPod"))
                .forEach(o -> pods.add(pod(spec((GenericKubernetesResource) o).path("pod"))));
        assertThat(pods).hasSize(4).allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getContainers()).allSatisfy(c -> {
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
            });
        });
        // The quota leaves room for a backup pod and a dump pod per app besides the apps' own pods.
        RenderedSpace rendered = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
        ResourceQuota quota =
                Objects.all(rendered.objects(), ResourceQuota.class).get(0);
        long workloads = rendered.objects().stream()
                .filter(o -> Objects.podSpec(o).isPresent())
                .count();
        assertThat(quota.getSpec().getHard().get("pods").getNumericalAmount().intValue())
                .isGreaterThanOrEqualTo((int) workloads + 6);
    }

    @Test
    void onlyK8upsPodsMayReachTheBucketAndTheApiServer() {
        NetworkPolicy policy =
                Objects.named(objects(SpaceSpec.of("asso", "A")), NetworkPolicy.class, "allow-backup-storage");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8upjob", "true"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress()).hasSize(2);
        assertThat(policy.getSpec()
                        .getEgress()
                        .get(1)
                        .getTo()
                        .get(0)
                        .getIpBlock()
                        .getCidr())
                .isEqualTo(platform.backups().apiServer().cidr());
    }

    @Test
    void twoSpacesNeverShareARepositoryOrAnObject() {
        Set<String> seen = new HashSet<>();
        for (String slug : List.of("asso", "asso-bis")) {
            List<HasMetadata> objects = objects(SpaceSpec.of(slug, "A"));
            assertThat(spec(k8up(objects, "Schedule", "backup"))
                            .path("backend")
                            .path("s3")
                            .path("bucket")
                            .asText())
                    .isEqualTo("essaim-backups/space-" + slug);
            for (HasMetadata object : objects) {
                assertThat(object.getMetadata().getNamespace()).isEqualTo("space-" + slug);
                assertThat(object.getMetadata().getLabels()).containsEntry(SpaceLabels.SPACE, slug);
                assertThat(seen.add(object.getMetadata().getNamespace() + "/" + object.getKind() + "/"
                                + object.getMetadata().getName()))
                        .isTrue();
            }
        }
    }

    @Test
    void suspendedTheSpaceIsStillBackedUp() {
        assertThat(JSON.asJson(objects(SpaceSpec.of("asso", "A").withSuspended(true))))
                .isEqualTo(JSON.asJson(objects(SpaceSpec.of("asso", "A"))));
    }

    @Test
    void everyTemplateCitesK8upsDocumentation() {
        for (String file : List.of("backups/schedule.yaml", "backups/pod-config.yaml", "backups/dump-pod.yaml")) {
            assertThat(Templates.text(file)).as(file).contains("# doc: https://docs.k8up.io/k8up/");
        }
    }
}
