package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.ObjectRef;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceLabels;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

/**
 * A real Kubernetes API. Each object is read first; it is written, with server-side apply under the one field
 * manager {@value ProvisionerSettings#FIELD_MANAGER} and forced over conflicts, only when it is missing or when the
 * live object no longer says what the templates say ({@link LiveMatch}). So a converged space costs reads only, and
 * drift (a deleted NetworkPolicy, an edited quota) is put back on the next pass. Jobs, whose pod template cannot
 * change, are replaced when their configuration hash changes.
 */
final class ClusterTarget implements SpaceTarget {

    /** k8up's API, whose Backup objects say how each backup went (https://docs.k8up.io/k8up/references/status.html). */
    static final String BACKUP_API_VERSION = "k8up.io/v1";

    /**
     * The ClusterRole (deploy/provisioner.yaml) that reads and writes Secrets, bound in each space's namespace only:
     * the provisioner's cluster-wide rules hold no Secret, so it cannot read those of any other namespace.
     */
    static final String SECRETS_ROLE = "essaim-provisioner-space-secrets";
    /** The provisioner's ServiceAccount, in Essaim's namespace. */
    static final String SERVICE_ACCOUNT = "essaim-provisioner";

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final String serviceAccountNamespace;
    private final AtomicLong writes = new AtomicLong();

    ClusterTarget(KubernetesClient client) {
        this(client, "essaim");
    }

    /** @param serviceAccountNamespace Essaim's namespace, where the provisioner's ServiceAccount lives */
    ClusterTarget(KubernetesClient client, String serviceAccountNamespace) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
        this.serviceAccountNamespace = serviceAccountNamespace;
    }

    @Override
    public boolean cluster() {
        return true;
    }

    @Override
    public String describe(String slug) {
        return "the cluster at " + client.getConfiguration().getMasterUrl();
    }

    /** Writes made since start, for metrics and benchmarks. */
    long writes() {
        return writes.get();
    }

    @Override
    public int apply(ComponentObjects component) {
        int count = 0;
        for (HasMetadata desired : component.objects()) {
            count += applyOne(desired);
            if (desired instanceof Namespace namespace) {
                // Before any Secret of the space is read or written: the only grant of Secrets the provisioner has.
                count += applyOne(secretsBinding(namespace.getMetadata().getName()));
            }
        }
        for (ObjectRef absent : component.absent()) {
            count += deleteIfPresent(absent);
        }
        writes.addAndGet(count);
        return count;
    }

    /** The RoleBinding that gives the provisioner the Secrets of this one namespace ({@value #SECRETS_ROLE}). */
    RoleBinding secretsBinding(String namespace) {
        return new RoleBindingBuilder()
                .withNewMetadata()
                .withName(SECRETS_ROLE)
                .withNamespace(namespace)
                .addToLabels(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(SECRETS_ROLE)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SERVICE_ACCOUNT)
                .withNamespace(serviceAccountNamespace)
                .endSubject()
                .build();
    }

    private int applyOne(HasMetadata desired) {
        try {
            HasMetadata live = resource(desired).get();
            int count = 0;
            if (live != null) {
                if (desired instanceof Job && !Objects.equals(configHash(desired), configHash(live))) {
                    // A Job's pod template cannot change: a new configuration is a new Job.
                    resource(live)
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                            .delete();
                    count++;
                } else if (LiveMatch.covers(tree(live), tree(desired))) {
                    return 0;
                }
            }
            resource(desired)
                    .fieldManager(ProvisionerSettings.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            return count + 1;
        } catch (KubernetesClientException e) {
            throw failure(e, desired.getKind() + " " + name(desired.getMetadata()));
        }
    }

    /**
     * The API path of an object. k8up's kinds have no Java model: their path is spelled out (group, version, plural
     * of the kind) rather than discovered, so a cluster without k8up answers 404 on the object itself.
     */
    private Resource<HasMetadata> resource(HasMetadata object) {
        return resource(client, object);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Resource<HasMetadata> resource(KubernetesClient client, HasMetadata object) {
        if (object instanceof GenericKubernetesResource generic) {
            return (Resource) client.genericKubernetesResources(definition(generic.getApiVersion(), generic.getKind()))
                    .inNamespace(generic.getMetadata().getNamespace())
                    .resource(generic);
        }
        return client.resource(object);
    }

    static ResourceDefinitionContext definition(String apiVersion, String kind) {
        String[] groupVersion = apiVersion.split("/", 2);
        return new ResourceDefinitionContext.Builder()
                .withGroup(groupVersion[0])
                .withVersion(groupVersion[1])
                .withKind(kind)
                .withPlural(kind.toLowerCase(Locale.ROOT) + "s")
                .withNamespaced(true)
                .build();
    }

    /** k8up's Backup objects: {@code Completed} {@code True} with reason {@code Succeeded} is a success. */
    @Override
    public Optional<Instant> lastSuccessfulBackup(String namespace) {
        try {
            return client
                    .genericKubernetesResources(definition(BACKUP_API_VERSION, "Backup"))
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .stream()
                    .map(backup -> serialization.convertValue(
                            backup.getAdditionalProperties().get("status"), JsonNode.class))
                    .filter(status ->
                            status != null && status.path("conditions").isArray())
                    .flatMap(status ->
                            StreamSupport.stream(status.path("conditions").spliterator(), false))
                    .filter(c -> "Completed".equals(c.path("type").asText())
                            && "True".equals(c.path("status").asText())
                            && "Succeeded".equals(c.path("reason").asText()))
                    .map(c -> c.path("lastTransitionTime").asText(null))
                    .filter(Objects::nonNull)
                    .map(time -> OffsetDateTime.parse(time).toInstant())
                    .max(Instant::compareTo);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty(); // k8up is not installed: the Backups condition says so
            }
            throw failure(e, "the Backups of " + namespace);
        }
    }

    private int deleteIfPresent(ObjectRef ref) {
        try {
            HasMetadata probe = instance(ref);
            HasMetadata live = resource(probe).get();
            if (live == null) {
                return 0;
            }
            resource(live).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return 1;
        } catch (KubernetesClientException e) {
            throw failure(e, ref.toString());
        }
    }

    private HasMetadata instance(ObjectRef ref) {
        Class<? extends KubernetesResource> type =
                serialization.getRegisteredKubernetesResource(ref.apiVersion(), ref.kind());
        if (type == null || type == GenericKubernetesResource.class) {
            GenericKubernetesResource generic = new GenericKubernetesResource();
            generic.setApiVersion(ref.apiVersion());
            generic.setKind(ref.kind());
            generic.setMetadata(new ObjectMeta());
            generic.getMetadata().setName(ref.name());
            generic.getMetadata().setNamespace(ref.namespace());
            return generic;
        }
        if (!HasMetadata.class.isAssignableFrom(type)) {
            throw new IllegalStateException("Unknown kind " + ref.apiVersion() + "/" + ref.kind());
        }
        try {
            HasMetadata object = (HasMetadata) type.getDeclaredConstructor().newInstance();
            object.setMetadata(new ObjectMeta());
            object.getMetadata().setName(ref.name());
            object.getMetadata().setNamespace(ref.namespace());
            return object;
        } catch (InstantiationException
                | IllegalAccessException
                | InvocationTargetException
                | NoSuchMethodException e) {
            throw new IllegalStateException("Cannot make a " + ref.kind(), e);
        }
    }

    @Override
    public Optional<Map<String, String>> readSecret(String namespace, String name) {
        try {
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(name).get();
            if (secret == null) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (secret.getData() != null) {
                secret.getData()
                        .forEach((key, value) ->
                                values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
            }
            if (secret.getStringData() != null) {
                values.putAll(secret.getStringData());
            }
            return Optional.of(values);
        } catch (KubernetesClientException e) {
            throw failure(e, "Secret " + namespace + "/" + name);
        }
    }

    @Override
    public void writeSecret(String slug, String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) ->
                data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(SpaceLabels.of(slug))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        try {
            client.secrets()
                    .inNamespace(namespace)
                    .resource(secret)
                    .fieldManager(ProvisionerSettings.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            writes.incrementAndGet();
        } catch (KubernetesClientException e) {
            // Never the Secret, nor the API's answer about it, in a message: either could hold a value.
            throw new TargetFailure(
                    e.getCode() == 403 ? Reason.FORBIDDEN : Reason.API_ERROR,
                    "The Kubernetes API "
                            + "did not take Secret " + namespace + "/" + name + " (HTTP " + e.getCode()
                            + "); the provisioner "
                            + "retries on its own.",
                    null);
        }
    }

    @Override
    public void finish(RenderedSpace space) {
        // Everything was written as it went.
    }

    @Override
    public void erase(String slug, String namespace) {
        try {
            if (client.namespaces().withName(namespace).get() != null) {
                client.namespaces()
                        .withName(namespace)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
                writes.incrementAndGet();
            }
        } catch (KubernetesClientException e) {
            throw failure(e, "Namespace " + namespace);
        }
    }

    private JsonNode tree(HasMetadata object) {
        return serialization.convertValue(object, JsonNode.class);
    }

    private static String configHash(HasMetadata object) {
        return object.getMetadata().getLabels() == null
                ? null
                : object.getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH);
    }

    private static String name(ObjectMeta metadata) {
        return (metadata.getNamespace() == null ? "" : metadata.getNamespace() + "/") + metadata.getName();
    }

    private TargetFailure failure(KubernetesClientException e, String what) {
        int code = e.getCode();
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
        return switch (code) {
            case 409 ->
                new TargetFailure(
                        Reason.CONFLICT,
                        what + " is in conflict with the cluster's state (" + detail
                                + "); the provisioner retries on its own.",
                        e);
            case 401, 403 ->
                new TargetFailure(
                        Reason.FORBIDDEN,
                        "The provisioner's service account may not write " + what + " (" + detail
                                + "): check its ClusterRole against provisioner/deploy/.",
                        e);
            case 400, 422 ->
                new TargetFailure(
                        Reason.REJECTED,
                        "The Kubernetes API refused " + what + ": " + detail
                                + ". Fix the space's spec or the platform settings; the provisioner retries on its own.",
                        e);
            default ->
                new TargetFailure(
                        Reason.API_ERROR,
                        "The Kubernetes API did not take " + what + " (" + (code > 0 ? "HTTP " + code + ": " : "")
                                + detail + "); the provisioner retries on its own.",
                        e);
        };
    }
}
