package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provisioning without a cluster, inside the control plane (the local default): each space's manifests are written
 * to {@code <data>/spaces/<slug>/manifests.yaml} and its directory subtree and service account are created in the
 * (embedded) directory; its Kubernetes conditions say plainly that nothing runs. Spaces are worked on by the same
 * reconciler as in a cluster, on worker threads, with the same retries and grace period.
 *
 * <p>There is no API server to remember the spaces: the control plane submits them (at start, every space of its
 * registry, with {@link #delete(String, Instant)} for those being deleted) and keeps the statuses it is told about.
 */
public final class LocalProvisioner implements SpaceProvisioning {

    private static final Logger log = LoggerFactory.getLogger(LocalProvisioner.class);

    private final SpaceReconciler reconciler;
    private final SpaceEvents events;
    private final ProvisionerSettings settings;
    private final Clock clock;
    private final Map<String, Space> spaces = new ConcurrentHashMap<>();
    private final SpaceQueue queue;
    private final Workers workers;

    public LocalProvisioner(
            Path dataDirectory,
            ProvisionerSettings settings,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock,
            SpaceEvents events) {
        this(SpaceReconciler.forLocalManifests(dataDirectory, settings, directory, databases, clock), clock, events);
    }

    LocalProvisioner(SpaceReconciler reconciler, Clock clock, SpaceEvents events) {
        this.reconciler = reconciler;
        this.settings = reconciler.settings();
        this.clock = clock;
        this.events = events == null ? SpaceEvents.NONE : events;
        this.queue = new SpaceQueue(settings.firstRetry(), settings.longestRetry());
        this.workers = new Workers("local-provisioner", settings.workers(), queue, this::process);
    }

    @Override
    public void start() {
        workers.start();
    }

    @Override
    public void apply(SpaceSpec spec) {
        SpaceSlug.require(spec.slug());
        spaces.compute(spec.slug(), (slug, existing) -> {
            if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
                throw new IllegalStateException("Space " + slug + " is being deleted and cannot be changed");
            }
            if (existing != null && existing.getSpec().equals(spec)) {
                return existing;
            }
            Space space = Space.of(settings.namespace(), spec);
            space.getMetadata()
                    .setGeneration(
                            existing == null ? 1L : existing.getMetadata().getGeneration() + 1);
            space.setStatus(existing == null ? null : existing.getStatus());
            return space;
        });
        queue.add(spec.slug());
    }

    @Override
    public void delete(String slug) {
        delete(slug, clock.instant());
    }

    /** Deletes the space as of {@code deletedAt}: how a restarted control plane resumes a grace period. */
    public void delete(String slug, Instant deletedAt) {
        Space space = spaces.computeIfPresent(slug, (s, existing) -> {
            if (existing.getMetadata().getDeletionTimestamp() != null) {
                return existing;
            }
            Space deleted = Space.of(settings.namespace(), existing.getSpec());
            deleted.setMetadata(new ObjectMetaBuilder(existing.getMetadata())
                    .withDeletionTimestamp(deletedAt.toString())
                    .build());
            deleted.setStatus(existing.getStatus());
            return deleted;
        });
        if (space != null) {
            queue.add(slug);
        }
    }

    @Override
    public Optional<SpaceStatus> status(String slug) {
        return Optional.ofNullable(spaces.get(slug)).map(Space::getStatus);
    }

    @Override
    public boolean local() {
        return true;
    }

    /** True when nothing is queued or being worked on. */
    public boolean idle() {
        return queue.idle();
    }

    private void process(String slug) {
        Space space = spaces.get(slug);
        if (space == null) {
            return;
        }
        SpaceReconciler.Outcome outcome = reconciler.reconcile(space);
        boolean changed = !outcome.status().sameAs(space.getStatus());
        Space updated = spaces.computeIfPresent(slug, (s, current) -> {
            // Keep a newer spec submitted meanwhile; only the status of the pass's generation is recorded.
            if (Objects.equals(
                    current.getMetadata().getGeneration(), space.getMetadata().getGeneration())) {
                current.setStatus(outcome.status());
            }
            return current;
        });
        if (changed && updated != null) {
            events.statusChanged(slug, outcome.status());
        }
        if (outcome.erasure() != null) {
            spaces.remove(slug);
            events.erased(outcome.erasure());
            return;
        }
        if (outcome.retry()) {
            Duration delay = queue.retry(slug);
            log.info("Space {} is not ready yet; trying again in {}", slug, delay);
        } else {
            queue.succeeded(slug);
        }
        if (outcome.requeueAfter() != null) {
            queue.addAfter(
                    slug,
                    outcome.requeueAfter().compareTo(settings.resyncPeriod()) < 0
                            ? outcome.requeueAfter()
                            : settings.resyncPeriod());
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
