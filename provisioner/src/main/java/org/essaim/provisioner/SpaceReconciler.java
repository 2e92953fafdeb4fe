package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.essaim.ldap.DirectoryRefusalException;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.Component;
import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.DatabaseRequirement;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SingleSignOn;
import org.essaim.tenant.SpaceDirectoryNames;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.tenant.TenantTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass over one space, reading like the steps it takes: its namespace and quotas, its credentials, its
 * directory subtree, its databases, its services, its ingress; or, once deleted, keeping it suspended until the
 * grace period is over and then erasing it. Every step is idempotent, so a pass can be repeated, interrupted and
 * resumed; failures become conditions with a reason and a message, never exceptions, and ask for a retry.
 *
 * <p>The reconciler holds no state between passes and does not write the status itself: it returns it
 * ({@link Outcome}), and the loop that called it ({@link SpaceOperator} in a cluster, {@link LocalProvisioner}
 * without one) writes it when it changed.
 */
public final class SpaceReconciler {

    private static final Logger log = LoggerFactory.getLogger(SpaceReconciler.class);
    /** Reasons that describe a wanted state or a setting to fix, not a failure worth retrying. */
    private static final Set<String> SETTLED = Set.of(
            Reason.NOT_APPLIED,
            Reason.NOT_CONFIGURED,
            Reason.DISABLED,
            Reason.SUSPENDED,
            Reason.INVALID_SPEC,
            Reason.APPLIED,
            Reason.CREATED,
            Reason.VERIFIED,
            Reason.APPS_MISSING,
            Reason.CONFIGURATION_FAILED,
            Reason.OFFICE_SUITE_NOT_OFFERED);

    private final ProvisionerSettings settings;
    private final SpaceTarget target;
    private final SpaceDirectory directory;
    private final SpaceDatabases databases;
    private final Clock clock;
    private final SpaceSelfCheck selfCheck;

    SpaceReconciler(
            ProvisionerSettings settings,
            SpaceTarget target,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock,
            SpaceSelfCheck selfCheck) {
        this.selfCheck = selfCheck;
        this.settings = settings;
        this.target = target;
        this.directory = directory;
        this.databases = databases;
        this.clock = clock;
    }

    /** Applies spaces to the cluster the client points at. */
    public static SpaceReconciler forCluster(
            KubernetesClient client,
            ProvisionerSettings settings,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock) {
        return forCluster(client, settings, directory, databases, clock, InClusterSelfCheck.of(client, settings));
    }

    /** With another self-check (tests: apps stood in for on 127.0.0.1, or a check that passes). */
    static SpaceReconciler forCluster(
            KubernetesClient client,
            ProvisionerSettings settings,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock,
            SpaceSelfCheck selfCheck) {
        return new SpaceReconciler(
                settings, new ClusterTarget(client, settings.namespace()), directory, databases, clock, selfCheck);
    }

    SpaceSelfCheck selfCheck() {
        return selfCheck;
    }

    /** Writes each space's manifests under {@code <dataDirectory>/spaces/<slug>/}; nothing runs. */
    public static SpaceReconciler forLocalManifests(
            Path dataDirectory,
            ProvisionerSettings settings,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock) {
        return new SpaceReconciler(
                settings,
                new LocalManifests(dataDirectory),
                directory,
                databases,
                clock,
                SpaceSelfCheck.notApplicable());
    }

    ProvisionerSettings settings() {
        return settings;
    }

    SpaceTarget target() {
        return target;
    }

    /**
     * What a pass found and did.
     *
     * @param status       the space's status as it now is
     * @param retry        something failed: try again after a back-off
     * @param requeueAfter come back after this long even if nothing changes (a deleted space's erasure), or null
     * @param erasure      set when the space's data was erased in this pass: its finalizer may go
     * @param writes       Kubernetes writes this pass made
     */
    public record Outcome(SpaceStatus status, boolean retry, Duration requeueAfter, SpaceErasure erasure, int writes) {}

    public Outcome reconcile(Space space) {
        String slug = space.getMetadata().getName();
        Instant now = clock.instant();
        ConditionSet conditions = new ConditionSet(space.getMetadata().getGeneration(), now, space.getStatus());
        SpaceSpec spec = space.getSpec();
        List<String> problems =
                spec == null ? List.of("the space has no spec") : new ArrayList<>(TenantTemplates.problems(spec));
        if (spec != null && !slug.equals(spec.slug())) {
            problems.add("metadata.name (" + slug + ") must equal spec.slug (" + spec.slug() + ")");
        }
        if (!problems.isEmpty()) {
            return invalid(space, conditions, problems);
        }
        String deletion = space.getMetadata().getDeletionTimestamp();
        boolean offered = settings.platform().offers(spec.officeSuite());
        if (deletion == null && !offered) {
            return officeSuiteNotOffered(space, spec, conditions);
        }
        if (deletion != null) {
            Instant deletedAt = OffsetDateTime.parse(deletion).toInstant();
            Instant erasesAt = deletedAt.plus(settings.gracePeriod());
            if (!now.isBefore(erasesAt)) {
                return erase(space, conditions, deletedAt, now);
            }
            // A deleted space is kept suspended: its workspace does not run, so any offered suite renders it.
            SpaceSpec keptSpec = offered
                    ? spec
                    : spec.withOfficeSuite(
                            settings.platform().office().offered().get(0));
            Outcome kept = apply(space, keptSpec.withSuspended(true), conditions, deletedAt, erasesAt);
            Duration untilErasure = Duration.between(now, erasesAt);
            return new Outcome(kept.status(), kept.retry(), kept.retry() ? null : untilErasure, null, kept.writes());
        }
        return apply(space, spec, conditions, null, null);
    }

    private Outcome apply(Space space, SpaceSpec spec, ConditionSet conditions, Instant deletedAt, Instant erasesAt) {
        String slug = spec.slug();
        // A rotation of the client secrets staff asked for: the apps are rendered with it (it restarts them).
        String rotation = ClientSecrets.requestedRotation(space.getMetadata());
        RenderedSpace rendered = TenantTemplates.render(spec, settings.platform(), rotation);
        String namespace = rendered.namespace();
        int writes = 0;

        // 1. The namespace, its quota, limits and network policies.
        boolean namespaceReady = false;
        try {
            writes += target.apply(rendered.component(Component.NAMESPACE_AND_QUOTAS));
            namespaceReady = true;
            if (target.cluster()) {
                conditions.ok(
                        SpaceConditions.NAMESPACE_AND_QUOTAS,
                        Reason.APPLIED,
                        "Namespace " + namespace
                                + " is in place with its quota ("
                                + spec.quotas().storageGiB() + " GiB for the workspace's "
                                + "data), limits and network policies.");
            } else {
                notApplied(conditions, SpaceConditions.NAMESPACE_AND_QUOTAS, slug);
            }
        } catch (SpaceTarget.TargetFailure e) {
            conditions.failed(SpaceConditions.NAMESPACE_AND_QUOTAS, e.reason(), e.getMessage());
        }

        // 2. Credentials: read, or generated in memory (stored once what they open holds them).
        Credentials credentials = null;
        Set<String> confirmedElsewhere = new HashSet<>();
        confirmedElsewhere.add(SpaceSecrets.DIRECTORY);
        rendered.databases().forEach(db -> confirmedElsewhere.add(db.secret()));
        if (namespaceReady) {
            try {
                credentials = Credentials.load(
                        target, namespace, rendered.secrets(), settings.platformSecretsOf(slug), confirmedElsewhere);
            } catch (SpaceTarget.TargetFailure e) {
                conditions.failed(SpaceConditions.NAMESPACE_AND_QUOTAS, e.reason(), e.getMessage());
            }
        }
        List<SingleSignOn.Client> clients = SingleSignOn.clients(spec, settings.platform());
        boolean rotated = credentials != null && ClientSecrets.rotate(credentials, clients, rotation);

        // 3. The directory subtree and the read-only service account.
        if (credentials == null) {
            conditions.waiting(
                    SpaceConditions.DIRECTORY,
                    "Waits for the namespace, which keeps the service " + "account's password.");
        } else {
            directoryStep(slug, credentials, conditions);
        }

        // 4. Each app's database and role.
        if (credentials == null) {
            conditions.waiting(
                    SpaceConditions.DATABASES, "Waits for the namespace, which keeps the databases' " + "passwords.");
        } else {
            databaseStep(rendered, credentials, conditions);
        }

        // 5. The Secrets whose values are now in place.
        if (credentials != null) {
            try {
                writes += credentials.store(target, slug, namespace);
                List<String> missing = credentials.problemsExcept(SpaceSecrets.BACKUP_STORAGE);
                if (!missing.isEmpty()) {
                    conditions.failed(
                            SpaceConditions.NAMESPACE_AND_QUOTAS, Reason.NOT_CONFIGURED, String.join(" ", missing));
                }
            } catch (SpaceTarget.TargetFailure e) {
                conditions.failed(SpaceConditions.NAMESPACE_AND_QUOTAS, e.reason(), e.getMessage());
            }
        }

        // 6. The services and their ingress.
        for (Component component : List.of(Component.WORKSPACE, Component.EVENTS, Component.FORUM, Component.INGRESS)) {
            writes += componentStep(spec, rendered, component, namespaceReady, conditions);
        }

        // 7. The backup schedule, and when the last backup succeeded.
        writes += backupsStep(spec, rendered, namespaceReady, credentials, conditions);
        String lastBackup = lastSuccessfulBackup(space.getStatus(), namespace, namespaceReady);

        // 8. The space checks itself: each app reached as a person would, its configure Job's result, sign-in.
        selfCheckStep(spec, rendered, credentials, conditions, deletedAt != null);
        // Once the apps run with the current client secrets, the previous ones go (Secret and status).
        List<SpaceStatus.ClientSecret> clientSecrets =
                space.getStatus() == null ? null : space.getStatus().singleSignOn();
        if (credentials != null) {
            try {
                // Not in the pass that rotated, on a cluster: the self-check may still have read the old Job's pod.
                ClientSecrets.settle(
                        credentials,
                        (!rotated || !target.cluster()) && ClientSecrets.appsMovedOver(conditions, target.cluster()));
                writes += credentials.store(target, slug, namespace);
                clientSecrets = ClientSecrets.hashes(credentials, clients);
            } catch (SpaceTarget.TargetFailure e) {
                conditions.failed(SpaceConditions.NAMESPACE_AND_QUOTAS, e.reason(), e.getMessage());
            }
        }
        try {
            target.finish(rendered);
        } catch (UncheckedIOException e) {
            conditions.failed(
                    SpaceConditions.NAMESPACE_AND_QUOTAS,
                    Reason.NOT_APPLIED,
                    "The manifests could not be " + "written to " + target.describe(slug) + ": " + e.getMessage());
        } catch (SpaceTarget.TargetFailure e) {
            conditions.failed(SpaceConditions.NAMESPACE_AND_QUOTAS, e.reason(), e.getMessage());
        }

        List<Condition> all = ready(spec, slug, conditions, deletedAt, erasesAt);
        boolean retry = all.stream().skip(1).anyMatch(c -> !SETTLED.contains(c.getReason()));
        // The versions rendered: how the control plane tells that a space runs an upgrade, not only that it is Ready.
        SpaceStatus status = new SpaceStatus(
                        space.getMetadata().getGeneration(),
                        all,
                        rendered.urls(),
                        erasesAt == null ? null : erasesAt.toString(),
                        null,
                        TenantTemplates.versions(spec))
                .withLastSuccessfulBackup(lastBackup)
                .withSingleSignOn(clientSecrets);
        return new Outcome(status, retry, null, null, writes);
    }

    /**
     * One condition per app ({@link SpaceConditions#VERIFICATIONS}). Without a cluster nothing runs, so nothing is
     * checked ({@code NotApplied}); an app turned off or a suspended space has nothing to reach ({@code Disabled},
     * {@code Suspended}: True); an app whose objects are not all applied waits.
     */
    private void selfCheckStep(
            SpaceSpec spec,
            RenderedSpace rendered,
            Credentials credentials,
            ConditionSet conditions,
            boolean deleting) {
        Map<String, Component> apps = new LinkedHashMap<>();
        apps.put(SpaceConditions.WORKSPACE_VERIFIED, Component.WORKSPACE);
        apps.put(SpaceConditions.EVENTS_VERIFIED, Component.EVENTS);
        apps.put(SpaceConditions.FORUM_VERIFIED, Component.FORUM);
        if (!target.cluster() || !selfCheck.applicable()) {
            apps.keySet()
                    .forEach(type -> conditions.failed(
                            type,
                            Reason.NOT_APPLIED,
                            "Not checked: no cluster is "
                                    + "configured, so nothing runs and the apps cannot be reached."));
            return;
        }
        boolean anyToCheck = false;
        for (Map.Entry<String, Component> app : apps.entrySet()) {
            String type = app.getKey();
            Condition applied = conditions.get(app.getValue().conditionType());
            if (applied != null && Reason.DISABLED.equals(applied.getReason())) {
                conditions.ok(
                        type,
                        Reason.DISABLED,
                        "Not checked: " + label(app.getValue()).replace("The ", "the ") + " is off for this space.");
            } else if (spec.suspended() || deleting) {
                conditions.ok(
                        type,
                        Reason.SUSPENDED,
                        "Not checked while the space is suspended: "
                                + label(app.getValue()).replace("The ", "the ") + " is stopped.");
            } else if (applied == null
                    || !SpaceConditions.TRUE.equals(applied.getStatus())
                    || credentials == null
                    || !SpaceConditions.TRUE.equals(
                            conditions.get(SpaceConditions.INGRESS).getStatus())) {
                conditions.waiting(
                        type,
                        "Checked once " + label(app.getValue()).replace("The ", "the ")
                                + " and the ingress are applied.");
            } else {
                anyToCheck = true;
            }
        }
        if (!anyToCheck) {
            return;
        }
        String password = credentials.value(SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD);
        for (SpaceSelfCheck.Verdict verdict : selfCheck.check(spec, rendered, password)) {
            if (conditions.get(verdict.type()) == null) {
                // Only the apps the loop above left to check (a waiting one keeps waiting).
                conditions.set(verdict.type(), verdict.status(), verdict.reason(), verdict.message());
            }
        }
        apps.keySet().stream()
                .filter(type -> conditions.get(type) == null)
                .forEach(type ->
                        conditions.waiting(type, "The self-check gave no result for this app; it is checked again."));
    }

    private int backupsStep(
            SpaceSpec spec,
            RenderedSpace rendered,
            boolean namespaceReady,
            Credentials credentials,
            ConditionSet conditions) {
        List<String> missing = credentials == null ? List.of() : credentials.problemsOf(SpaceSecrets.BACKUP_STORAGE);
        if (target.cluster() && !missing.isEmpty()) {
            conditions.failed(
                    SpaceConditions.BACKUPS,
                    Reason.NOT_CONFIGURED,
                    "The space is not backed up: " + String.join(" ", missing));
            return 0;
        }
        return componentStep(spec, rendered, Component.BACKUPS, namespaceReady, conditions);
    }

    /**
     * The later of what the status already said and what k8up's Backup objects now say: k8up keeps only the last
     * few, so a run of failures must not make the last success forgotten. A read that fails keeps what was known.
     */
    private String lastSuccessfulBackup(SpaceStatus previous, String namespace, boolean namespaceReady) {
        Instant known = previous == null || previous.lastSuccessfulBackup() == null
                ? null
                : Instant.parse(previous.lastSuccessfulBackup());
        Instant found = null;
        if (namespaceReady) {
            try {
                found = target.lastSuccessfulBackup(namespace).orElse(null);
            } catch (SpaceTarget.TargetFailure e) {
                log.warn("The backups of {} could not be read: {}", namespace, e.getMessage());
            }
        }
        Instant latest = known == null ? found : found == null || known.isAfter(found) ? known : found;
        return latest == null ? null : latest.toString();
    }

    private void directoryStep(String slug, Credentials credentials, ConditionSet conditions) {
        String password = credentials.value(SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD);
        SpaceDirectoryNames names =
                SpaceDirectoryNames.of(slug, settings.platform().directory().baseDn());
        try {
            SpaceDirectory.Changes changes = directory.ensureSpace(slug, password);
            if (credentials.fresh(SpaceSecrets.DIRECTORY) && !changes.serviceAccountCreated()) {
                // Its Secret was lost (or never stored): the account gets the new password the Secret will hold.
                directory.setServicePassword(slug, password);
            }
            credentials.confirm(SpaceSecrets.DIRECTORY);
            conditions.ok(
                    SpaceConditions.DIRECTORY,
                    Reason.CREATED,
                    "Subtree " + names.space() + " and its read-only service account are in place.");
        } catch (DirectoryUnavailableException e) {
            conditions.failed(
                    SpaceConditions.DIRECTORY,
                    Reason.DIRECTORY_UNAVAILABLE,
                    "The directory at "
                            + directory.describe() + " cannot be reached: " + rootMessage(e)
                            + ". The provisioner retries on "
                            + "its own; check that the directory is up.");
        } catch (DirectoryRefusalException e) {
            conditions.failed(
                    SpaceConditions.DIRECTORY,
                    Reason.DIRECTORY_REFUSED,
                    "The directory at "
                            + directory.describe() + " refused to create " + names.space() + " (" + e.getMessage()
                            + "): check the rights of the provisioner's directory account.");
        }
    }

    private void databaseStep(RenderedSpace rendered, Credentials credentials, ConditionSet conditions) {
        if (!databases.configured()) {
            // Nothing holds these passwords yet: keep them, and a server configured later gets them with its roles.
            rendered.databases().forEach(db -> credentials.confirm(db.secret()));
            conditions.failed(
                    SpaceConditions.DATABASES,
                    Reason.NOT_CONFIGURED,
                    "No tenant PostgreSQL server is " + "configured, so the apps' databases ("
                            + names(rendered.databases()) + ") are not created.");
            return;
        }
        List<String> failures = new ArrayList<>();
        String reason = null;
        for (DatabaseRequirement requirement : rendered.databases()) {
            try {
                databases.ensure(
                        requirement,
                        credentials.value(requirement.secret(), DatabaseRequirement.PASSWORD_KEY),
                        credentials.fresh(requirement.secret()));
                credentials.confirm(requirement.secret());
            } catch (SpaceDatabases.DatabaseFailure e) {
                reason = reason == null ? e.reason() : reason;
                failures.add(e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            conditions.ok(
                    SpaceConditions.DATABASES,
                    Reason.CREATED,
                    "Databases " + names(rendered.databases()) + " and their roles are in place on "
                            + databases.describe() + ".");
        } else {
            conditions.failed(SpaceConditions.DATABASES, reason, String.join(" ", failures));
        }
    }

    private int componentStep(
            SpaceSpec spec,
            RenderedSpace rendered,
            Component component,
            boolean namespaceReady,
            ConditionSet conditions) {
        String type = component.conditionType();
        if (!namespaceReady && target.cluster()) {
            conditions.waiting(type, "Waits for the namespace.");
            return 0;
        }
        ComponentObjects objects = rendered.component(component);
        try {
            int writes = target.apply(objects);
            if (!target.cluster()) {
                notApplied(conditions, type, spec.slug());
            } else if (objects.objects().isEmpty()) {
                conditions.ok(
                        type,
                        Reason.DISABLED,
                        label(component) + " is off for this space; its volume, " + "database and secrets are kept.");
            } else if (spec.suspended() && component != Component.INGRESS && component != Component.BACKUPS) {
                conditions.ok(
                        type,
                        Reason.SUSPENDED,
                        label(component) + " is scaled to zero while the space is " + "suspended; its data is kept.");
            } else {
                conditions.ok(
                        type, Reason.APPLIED, label(component) + " is applied" + where(component, rendered) + ".");
            }
            return writes;
        } catch (SpaceTarget.TargetFailure e) {
            conditions.failed(type, e.reason(), e.getMessage());
            return 0;
        }
    }

    private List<Condition> ready(
            SpaceSpec spec, String slug, ConditionSet conditions, Instant deletedAt, Instant erasesAt) {
        if (!target.cluster()) {
            String trouble = conditions
                    .firstNotTrue()
                    .filter(c -> !SETTLED.contains(c.getReason()))
                    .map(c -> " Also, " + c.getType() + ": " + c.getMessage())
                    .orElse("");
            String local = "No cluster is configured, so nothing runs: the space's manifests are written to "
                    + target.describe(slug) + ", and its directory subtree and service account are created." + trouble;
            if (deletedAt != null) {
                return conditions.withReady(
                        SpaceConditions.FALSE,
                        Reason.DELETING,
                        "The space was deleted on " + deletedAt + "; it is kept until " + erasesAt + ", then erased. "
                                + local);
            }
            return conditions.withReady(SpaceConditions.FALSE, Reason.NOT_APPLIED, local);
        }
        var notTrue = conditions.firstNotTrue();
        if (notTrue.isPresent()) {
            Condition first = notTrue.get();
            return conditions.withReady(
                    SpaceConditions.FALSE, first.getReason(), first.getType() + ": " + first.getMessage());
        }
        if (deletedAt != null) {
            return conditions.withReady(
                    SpaceConditions.FALSE,
                    Reason.DELETING,
                    "The space was deleted on " + deletedAt + ". It is kept, suspended, until " + erasesAt
                            + ", then its data is erased.");
        }
        if (spec.suspended()) {
            return conditions.withReady(
                    SpaceConditions.FALSE,
                    Reason.SUSPENDED,
                    "The space is suspended: its services " + "are stopped and all its data is kept.");
        }
        return conditions.withReady(SpaceConditions.TRUE, Reason.READY, "Every service of the space is in place.");
    }

    private Outcome erase(Space space, ConditionSet conditions, Instant deletedAt, Instant now) {
        String slug = space.getMetadata().getName();
        String namespace = SpaceSlug.namespace(slug);
        List<String> failures = new ArrayList<>();
        List<String> dropped = List.of();
        int entries = 0;
        try {
            target.erase(slug, namespace);
        } catch (SpaceTarget.TargetFailure | UncheckedIOException e) {
            failures.add(e.getMessage());
        }
        try {
            dropped = databases.dropSpace(slug);
        } catch (SpaceDatabases.DatabaseFailure e) {
            failures.add(e.getMessage());
        }
        try {
            entries = directory.removeSpace(slug);
        } catch (DirectoryUnavailableException | DirectoryRefusalException e) {
            failures.add("The directory at " + directory.describe() + " could not remove the space's subtree: "
                    + rootMessage(e) + ".");
        }
        if (!failures.isEmpty()) {
            String message = "Erasing the space's data failed, and is retried: " + String.join(" ", failures);
            for (String type : SpaceConditions.COMPONENTS) {
                conditions.failed(type, Reason.DELETING, message);
            }
            List<Condition> all = conditions.withReady(SpaceConditions.FALSE, Reason.DELETING, message);
            return new Outcome(
                    new SpaceStatus(space.getMetadata().getGeneration(), all, null, now.toString()),
                    true,
                    null,
                    null,
                    0);
        }
        SpaceErasure erasure = new SpaceErasure(slug, namespace, dropped, entries, deletedAt, now);
        log.info("{}", erasure.describe());
        for (String type : SpaceConditions.COMPONENTS) {
            conditions.failed(type, Reason.ERASED, "Erased with the space.");
        }
        List<Condition> all = conditions.withReady(SpaceConditions.FALSE, Reason.ERASED, erasure.describe());
        return new Outcome(
                new SpaceStatus(space.getMetadata().getGeneration(), all, null, now.toString(), erasure.toStatus()),
                false,
                null,
                erasure,
                0);
    }

    /**
     * A space whose office suite the platform does not run: nothing is applied or changed (what runs keeps running),
     * and the space says why, in words staff and the space's admins can act on, instead of a missing secret.
     */
    private Outcome officeSuiteNotOffered(Space space, SpaceSpec spec, ConditionSet conditions) {
        String offered = settings.platform().office().offered().stream()
                .map(SpaceReconciler::suiteName)
                .collect(Collectors.joining(", "));
        String message = "The space's office suite is " + suiteName(spec.officeSuite()) + ", which this platform "
                + "does not run (it offers " + offered + "). A space admin chooses an offered suite in the space's "
                + "settings, or staff enable " + suiteName(spec.officeSuite()) + " in the platform (Helm value "
                + "office." + spec.officeSuite().name().toLowerCase(Locale.ROOT) + ".enabled). Nothing was "
                + "changed in the cluster.";
        for (String type : SpaceConditions.COMPONENTS) {
            if (type.equals(SpaceConditions.WORKSPACE)) {
                conditions.failed(type, Reason.OFFICE_SUITE_NOT_OFFERED, message);
            } else {
                conditions.waiting(type, "Waits for an office suite the platform offers.");
            }
        }
        List<Condition> all = conditions.withReady(SpaceConditions.FALSE, Reason.OFFICE_SUITE_NOT_OFFERED, message);
        return new Outcome(new SpaceStatus(space.getMetadata().getGeneration(), all, null, null), false, null, null, 0);
    }

    static String suiteName(OfficeSuite suite) {
        return suite == OfficeSuite.ONLYOFFICE ? "OnlyOffice" : "Collabora Online";
    }

    private Outcome invalid(Space space, ConditionSet conditions, List<String> problems) {
        String message = "The space's spec cannot be applied: " + String.join("; ", problems) + ".";
        for (String type : SpaceConditions.COMPONENTS) {
            conditions.waiting(type, "Waits for a valid spec.");
        }
        List<Condition> all = conditions.withReady(SpaceConditions.FALSE, Reason.INVALID_SPEC, message);
        return new Outcome(new SpaceStatus(space.getMetadata().getGeneration(), all, null, null), false, null, null, 0);
    }

    private void notApplied(ConditionSet conditions, String type, String slug) {
        conditions.failed(
                type,
                Reason.NOT_APPLIED,
                "Not applied: no cluster is configured. The objects are written " + "to " + target.describe(slug)
                        + " and nothing runs.");
    }

    private static String label(Component component) {
        return switch (component) {
            case WORKSPACE -> "The workspace (Nextcloud)";
            case EVENTS -> "The events service (Mobilizon)";
            case FORUM -> "The forum (phpBB)";
            case INGRESS -> "The ingress";
            case NAMESPACE_AND_QUOTAS -> "The namespace";
            case BACKUPS ->
                "The backup schedule (k8up: daily backup of every volume and database, weekly check " + "and prune)";
        };
    }

    private static String where(Component component, RenderedSpace rendered) {
        String url = switch (component) {
            case WORKSPACE -> rendered.urls().workspace();
            case EVENTS -> rendered.urls().events();
            case FORUM -> rendered.urls().forum();
            default -> null;
        };
        if (component == Component.INGRESS) {
            List<String> urls = new ArrayList<>();
            urls.add(rendered.urls().workspace());
            if (rendered.urls().events() != null) {
                urls.add(rendered.urls().events());
            }
            if (rendered.urls().forum() != null) {
                urls.add(rendered.urls().forum());
            }
            return " for " + String.join(", ", urls);
        }
        return url == null ? "" : " for " + url;
    }

    private static String names(List<DatabaseRequirement> requirements) {
        return String.join(
                ", ", requirements.stream().map(DatabaseRequirement::database).toList());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
