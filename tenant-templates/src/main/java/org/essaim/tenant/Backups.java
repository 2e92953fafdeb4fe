package org.essaim.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The space's backups, by k8up (restic): a {@code Schedule} that backs up every volume of the namespace daily,
 * checks and prunes the repository weekly and keeps daily, weekly and monthly snapshots; a {@code PodConfig} that
 * makes k8up's pods pass the namespace's Pod Security; one {@code PreBackupPod} per app database that dumps it with
 * pg_dump into the same snapshot; and the network policy that lets k8up's pods reach the bucket and the API server.
 * The repository is {@code <bucket>/<namespace>} on the platform's bucket, with its own generated password.
 *
 * <p>k8up publishes no Java model, so its objects are fabric8 {@link GenericKubernetesResource}s built from the YAML
 * beside this class. Suspended or with a service off, the backups go on: the data is kept, so it is backed up.
 */
final class Backups {

    static final String API_VERSION = "k8up.io/v1";
    static final String SCHEDULE = "backup";
    static final String POD_CONFIG = "backup-pod";
    /** The label k8up puts on the pods of its jobs (operator/job/job.go, {@code K8uplabel}). */
    static final String K8UP_JOB_LABEL = "k8upjob";

    private static final String APP = "k8up";

    private Backups() {}

    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, APP, Component.BACKUPS);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(networkPolicy(namespace, labels, platform.backups()));
        objects.add(Templates.place(
                Templates.load(GenericKubernetesResource.class, "backups/pod-config.yaml"),
                POD_CONFIG,
                namespace,
                labels));
        List<DatabaseRequirement> databases = TenantTemplates.databases(spec);
        for (DatabaseRequirement database : databases) {
            objects.add(dumpPod(database, namespace, labels, platform));
        }
        objects.add(schedule(namespace, labels, platform.backups()));
        // A service turned off: its database is kept as it was last backed up, and is no longer dumped.
        List<ObjectRef> absent = TenantTemplates.databases(spec.withServices(SpaceSpec.Services.ALL)).stream()
                .filter(database -> databases.stream().noneMatch(d -> d.app().equals(database.app())))
                .map(database -> new ObjectRef(API_VERSION, "PreBackupPod", namespace, "dump-" + database.app()))
                .toList();
        return new ComponentObjects(Component.BACKUPS, objects, absent);
    }

    private static GenericKubernetesResource schedule(
            String namespace, Map<String, String> labels, PlatformSettings.BackupSettings backups) {
        GenericKubernetesResource schedule = Templates.load(GenericKubernetesResource.class, "backups/schedule.yaml");
        ObjectNode spec = Templates.SERIALIZATION.convertValue(
                schedule.getAdditionalProperties().get("spec"), ObjectNode.class);
        ObjectNode s3 = (ObjectNode) spec.path("backend").path("s3");
        s3.put("endpoint", backups.endpoint().toString());
        s3.put("bucket", backups.bucket() + "/" + namespace);
        ((ObjectNode) spec.path("backup")).put("schedule", backups.backupSchedule());
        ((ObjectNode) spec.path("check")).put("schedule", backups.checkSchedule());
        ObjectNode prune = (ObjectNode) spec.path("prune");
        prune.put("schedule", backups.pruneSchedule());
        ObjectNode retention = (ObjectNode) prune.path("retention");
        retention.put("keepDaily", backups.keepDaily());
        retention.put("keepWeekly", backups.keepWeekly());
        retention.put("keepMonthly", backups.keepMonthly());
        schedule.setAdditionalProperty("spec", Templates.SERIALIZATION.convertValue(spec, Map.class));
        return Templates.place(schedule, SCHEDULE, namespace, labels);
    }

    private static GenericKubernetesResource dumpPod(
            DatabaseRequirement database, String namespace, Map<String, String> labels, PlatformSettings platform) {
        GenericKubernetesResource prebackup = Templates.load(GenericKubernetesResource.class, "backups/dump-pod.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) prebackup.getAdditionalProperties().get("spec");
        PodTemplateSpec template = Templates.SERIALIZATION.convertValue(spec.get("pod"), PodTemplateSpec.class);
        Container dump = Templates.container(template.getSpec(), "dump");
        dump.setImage(platform.backups().dumpImage());
        Templates.env(dump, "PGHOST", platform.database().host());
        Templates.env(dump, "PGPORT", Integer.toString(platform.database().port()));
        Templates.env(dump, "PGDATABASE", database.database());
        Templates.env(dump, "PGUSER", database.role());
        dump.getEnv().add(Templates.secretEnv("PGPASSWORD", database.secret(), DatabaseRequirement.PASSWORD_KEY));
        spec.put("pod", Templates.SERIALIZATION.convertValue(template, Map.class));
        return Templates.place(prebackup, "dump-" + database.app(), namespace, labels);
    }

    /** Out to the bucket and the API server, for k8up's pods only (the space's apps still reach neither). */
    private static NetworkPolicy networkPolicy(
            String namespace, Map<String, String> labels, PlatformSettings.BackupSettings backups) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("allow-backup-storage")
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withPodSelector(Templates.selector(Map.of(K8UP_JOB_LABEL, "true")))
                .withPolicyTypes("Egress")
                .addNewEgress()
                .withTo(NetworkPolicies.peer(backups.storage()))
                .withPorts(new NetworkPolicyPortBuilder()
                        .withProtocol("TCP")
                        .withPort(new IntOrString(backups.storagePort()))
                        .build())
                .endEgress()
                .addNewEgress()
                .withTo(NetworkPolicies.peer(backups.apiServer()))
                .withPorts(new NetworkPolicyPortBuilder()
                        .withProtocol("TCP")
                        .withPort(new IntOrString(backups.apiServerPort()))
                        .build())
                .endEgress()
                .endSpec()
                .build();
    }

    /**
     * The pods a backup may start at once, for the space's quota: one k8up backup pod per node holding one of the
     * space's volumes (at most one per app: workspace, events, forum) and one dump pod per database.
     */
    static List<PodSpec> pods(SpaceSpec everythingOn, PlatformSettings platform) {
        List<PodSpec> pods = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> podConfig =
                (Map<String, Object>) Templates.load(GenericKubernetesResource.class, "backups/pod-config.yaml")
                        .getAdditionalProperties()
                        .get("spec");
        PodSpec backupPod = Templates.SERIALIZATION
                .convertValue(podConfig.get("template"), PodTemplateSpec.class)
                .getSpec();
        ComponentObjects rendered = render(everythingOn, platform);
        for (HasMetadata object : rendered.objects()) {
            if (object instanceof GenericKubernetesResource resource && "PreBackupPod".equals(resource.getKind())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec =
                        (Map<String, Object>) resource.getAdditionalProperties().get("spec");
                pods.add(Templates.SERIALIZATION
                        .convertValue(spec.get("pod"), PodTemplateSpec.class)
                        .getSpec());
                pods.add(backupPod);
            }
        }
        return pods;
    }
}
