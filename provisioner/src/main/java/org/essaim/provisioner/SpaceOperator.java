package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provisioner's control loop in a cluster: watches the Space resources of Essaim's namespace, reconciles each
 * one that changed (and every one, every resync period), writes its status when it changed, and owns the finalizer
 * through which a deleted space waits out its grace period. Spaces are worked on by several threads, one space by
 * one thread at a time; failures are retried with exponential back-off.
 *
 * <p>Run it alone ({@link ProvisionerMain}, under {@link LeaderElectedOperator} so two replicas never act at once),
 * or inside the control plane:
 * <pre>{@code
 * SpaceReconciler reconciler = SpaceReconciler.forCluster(client, settings, SpaceDirectory.of(directory),
 *         new TenantPostgres(url, user, password), Clock.systemUTC());
 * try (SpaceOperator operator = new SpaceOperator(client, reconciler, events, Clock.systemUTC())) {
 *     operator.start();
 *     ...
 * }
 * }</pre>
 */
public final class SpaceOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpaceOperator.class);

    private final KubernetesClient client;
    private final SpaceReconciler reconciler;
    private final SpaceEvents events;
    private final Clock clock;
    private final ProvisionerSettings settings;
    private final SpaceQueue queue;
    private final Workers workers;
    private final DriftWatch drift;
    private final AtomicLong reconciliations = new AtomicLong();
    private final AtomicLong spaceWrites = new AtomicLong();
    private volatile SharedIndexInformer<Space> informer;

    public SpaceOperator(KubernetesClient client, SpaceReconciler reconciler, SpaceEvents events, Clock clock) {
        this.client = client;
        this.reconciler = reconciler;
        this.events = events == null ? SpaceEvents.NONE : events;
        this.clock = clock;
        this.settings = reconciler.settings();
        this.queue = new SpaceQueue(settings.firstRetry(), settings.longestRetry());
        this.workers = new Workers("space-operator", settings.workers(), queue, this::process);
        this.drift = new DriftWatch(client, queue::add, this::reconcileAll);
    }

    /** Starts watching and reconciling; returns once every existing Space is known (and queued). */
    public void start() {
        informer = client.resources(Space.class)
                .inNamespace(settings.namespace())
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Space space) {
                                queue.add(space.getMetadata().getName());
                            }

                            @Override
                            public void onUpdate(Space before, Space after) {
                                if (worthReconciling(before, after)) {
                                    queue.add(after.getMetadata().getName());
                                }
                            }

                            @Override
                            public void onDelete(Space space, boolean finalStateUnknown) {
                                // Nothing to do: everything a space has is removed through its finalizer, before this.
                            }
                        },
                        settings.resyncPeriod().toMillis());
        // Workers start once the informer knows every Space: what it queued while listing waits for them.
        workers.start();
        drift.start();
        log.info(
                "Provisioner reconciling the spaces of namespace {} with {} workers",
                settings.namespace(),
                settings.workers());
    }

    /**
     * A change of spec (generation), of deletion, of finalizers or of annotations (a person asking for a pass:
     * {@code kubectl annotate space <slug> essaim.org/reconcile=$(date +%s) --overwrite}); or a periodic resync
     * (same resource version). Status-only changes, such as the ones this operator writes, are not.
     */
    private static boolean worthReconciling(Space before, Space after) {
        return Objects.equals(
                        before.getMetadata().getResourceVersion(),
                        after.getMetadata().getResourceVersion())
                || !Objects.equals(
                        before.getMetadata().getGeneration(),
                        after.getMetadata().getGeneration())
                || !Objects.equals(
                        before.getMetadata().getAnnotations(),
                        after.getMetadata().getAnnotations())
                || !Objects.equals(
                        before.getMetadata().getDeletionTimestamp(),
                        after.getMetadata().getDeletionTimestamp())
                || !Objects.equals(
                        before.getMetadata().getFinalizers(),
                        after.getMetadata().getFinalizers());
    }

    private void reconcileAll() {
        SharedIndexInformer<Space> current = informer;
        if (current != null) {
            current.getStore().listKeys().forEach(key -> queue.add(key.substring(key.indexOf('/') + 1)));
        }
    }

    private void process(String slug) {
        Space space = informer.getStore().getByKey(settings.namespace() + "/" + slug);
        if (space == null) {
            return;
        }
        reconciliations.incrementAndGet();
        try {
            if (space.getMetadata().getDeletionTimestamp() == null && !hasFinalizer(space)) {
                addFinalizer(space);
            }
            SpaceReconciler.Outcome outcome = reconciler.reconcile(space);
            if (!outcome.status().sameAs(space.getStatus())) {
                writeStatus(space, outcome.status());
                events.statusChanged(slug, outcome.status());
            }
            if (outcome.erasure() != null) {
                recordErasure(space, outcome.erasure());
                events.erased(outcome.erasure());
                removeFinalizer(space);
            }
            if (outcome.retry()) {
                Duration delay = queue.retry(slug);
                log.info(
                        "Space {} is not ready ({}); trying again in {}",
                        slug,
                        outcome.status()
                                .condition("Ready")
                                .map(c -> c.getReason())
                                .orElse("?"),
                        delay);
            } else {
                queue.succeeded(slug);
            }
            if (outcome.requeueAfter() != null) {
                Duration delay = outcome.requeueAfter().compareTo(settings.resyncPeriod()) < 0
                        ? outcome.requeueAfter()
                        : settings.resyncPeriod();
                queue.addAfter(slug, delay);
            }
        } catch (KubernetesClientException e) {
            Duration delay = queue.retry(slug);
            log.warn(
                    "Writing the status or finalizer of space {} failed (HTTP {}: {}); trying again in {}",
                    slug,
                    e.getCode(),
                    e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage(),
                    delay);
        }
    }

    private static boolean hasFinalizer(Space space) {
        List<String> finalizers = space.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(Space.FINALIZER);
    }

    private void addFinalizer(Space space) {
        List<String> finalizers = space.getMetadata().getFinalizers();
        String patch = finalizers == null || finalizers.isEmpty()
                ? "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + Space.FINALIZER + "\"]}]"
                : "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + Space.FINALIZER + "\"}]";
        spaces(space).patch(PatchContext.of(PatchType.JSON), patch);
        spaceWrites.incrementAndGet();
    }

    private void removeFinalizer(Space space) {
        Space live = spaces(space).get();
        if (live == null || live.getMetadata().getFinalizers() == null) {
            return;
        }
        int index = live.getMetadata().getFinalizers().indexOf(Space.FINALIZER);
        if (index < 0) {
            return;
        }
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + index + "\",\"value\":\""
                + Space.FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + index + "\"}]";
        spaces(space).patch(PatchContext.of(PatchType.JSON), patch);
        spaceWrites.incrementAndGet();
    }

    private void writeStatus(Space space, SpaceStatus status) {
        String json = client.getKubernetesSerialization().asJson(status);
        spaces(space)
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json + "}]");
        spaceWrites.incrementAndGet();
    }

    private void recordErasure(Space space, SpaceErasure erasure) {
        String time = clock.instant().toString();
        try {
            client.v1()
                    .events()
                    .inNamespace(settings.namespace())
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withNamespace(settings.namespace())
                            .withName(space.getMetadata().getName() + "."
                                    + HexFormat.of().toHexDigits(clock.millis()))
                            .endMetadata()
                            .withInvolvedObject(new ObjectReferenceBuilder()
                                    .withApiVersion(Space.API_VERSION)
                                    .withKind("Space")
                                    .withNamespace(settings.namespace())
                                    .withName(space.getMetadata().getName())
                                    .withUid(space.getMetadata().getUid())
                                    .build())
                            .withReason(SpaceErasure.EVENT_REASON)
                            .withMessage(erasure.describe())
                            .withType("Normal")
                            .withNewSource()
                            .withComponent(ProvisionerSettings.FIELD_MANAGER)
                            .endSource()
                            .withFirstTimestamp(time)
                            .withLastTimestamp(time)
                            .withCount(1)
                            .build())
                    .create();
            spaceWrites.incrementAndGet();
        } catch (KubernetesClientException e) {
            // The erasure happened and the status says so; a lost event is not worth stopping for.
            log.warn(
                    "Could not record the erasure of space {} as an event: {}",
                    space.getMetadata().getName(),
                    e.getMessage());
        }
    }

    private Resource<Space> spaces(Space space) {
        return client.resources(Space.class)
                .inNamespace(settings.namespace())
                .withName(space.getMetadata().getName());
    }

    /** True when nothing is queued or being worked on. */
    public boolean idle() {
        return queue.idle();
    }

    /** Passes over spaces since start. */
    public long reconciliations() {
        return reconciliations.get();
    }

    /** Writes to Space resources (status, finalizers) and Events since start. */
    public long spaceWrites() {
        return spaceWrites.get();
    }

    /** Writes to the spaces' own objects since start. */
    public long objectWrites() {
        return reconciler.target() instanceof ClusterTarget cluster ? cluster.writes() : 0;
    }

    /** Queues every known space for a pass now. */
    public void reconcileEverySpace() {
        reconcileAll();
    }

    @Override
    public void close() {
        drift.close();
        workers.close();
        SharedIndexInformer<Space> current = informer;
        if (current != null) {
            current.close();
        }
    }
}
