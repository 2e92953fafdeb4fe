package org.essaim.upgrade;

import io.fabric8.kubernetes.api.model.Condition;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.UpgradeRolloutRecord;
import org.essaim.db.tables.records.UpgradeWaveRecord;
import org.essaim.space.SpaceFleet;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.AppCatalogue;
import org.essaim.tenant.TenantTemplates;
import org.essaim.upgrade.Rollout.Outcome;
import org.essaim.upgrade.Rollout.State;
import org.essaim.upgrade.Rollout.WaveState;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.essaim.db.Tables.UPGRADE_ROLLOUT;
import static org.essaim.db.Tables.UPGRADE_WAVE;
import static org.essaim.db.Tables.UPGRADE_WAVE_SPACE;

/**
 * Rolls new app versions out to the fleet in waves. Staff start a rollout with the versions they chose; every space
 * that is not deleted is planned into a canary then growing waves ({@link WavePlan}); each wave starts only when
 * the one before is healthy (each of its spaces reports Ready on the new versions), after its spaces' workspace
 * apps were checked against the catalogue's known incompatibilities. A wave that does not become healthy in time
 * stops the rollout, saying which spaces failed and why. Staff pause, resume or roll back; every decision is
 * audited. The upgrade job ({@link UpgradeJob}) calls {@link #advance()}; each step holds the rollout's row lock,
 * so replicas and staff never act on one rollout at once.
 */
@Service
public class Rollouts {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Rollouts.class);
    static final int FAILED_SHOWN = 200;
    private static final int CHUNK = 1000;
    private static final int NAMES_IN_A_PROBLEM = 5;

    private final DSLContext db;
    private final TransactionTemplate transaction;
    private final SpaceFleet fleet;
    private final SpaceLifecycle lifecycle;
    private final PlatformVersions platform;
    private final AuditLog auditLog;
    private final UpgradeSettings settings;
    private final Clock clock;
    private final AppCatalogue catalogue = AppCatalogue.pinned();

    Rollouts(DSLContext db, TransactionTemplate transaction, SpaceFleet fleet, SpaceLifecycle lifecycle,
             PlatformVersions platform, AuditLog auditLog, UpgradeSettings settings, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.fleet = fleet;
        this.lifecycle = lifecycle;
        this.platform = platform;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts rolling {@code target} out: plans every space that is not deleted into waves and starts the canary
     * (which may be blocked at once by a known incompatibility, or complete at once with no space at all).
     *
     * @throws InvalidInputException a version missing or not in the catalogue
     * @throws ConflictException     another rollout is open, or {@code target} is what the platform runs already
     */
    @Transactional
    public Rollout start(AppVersions target, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String app : AppVersions.APPS) {
            String version = target.version(app);
            if (version == null || version.isBlank()) {
                problems.add(FieldProblem.of(app, "upgrades.version.missing"));
            } else if (!catalogue.allows(app, version)) {
                problems.add(FieldProblem.of(app, "upgrades.version.unknown", version,
                        String.join(", ", catalogue.versions(app))));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        openRollout().ifPresent(open -> {
            throw new ConflictException("upgrade-open", open);
        });
        AppVersions from = platform.current();
        if (from.equals(target)) {
            throw new ConflictException("upgrade-unchanged", target.toString());
        }
        List<SpaceFleet.Member> spaces = fleet.upgradable();
        WavePlan plan = new WavePlan(WavePlan.canarySize(settings.canary(), spaces.size()), settings.growth());
        OffsetDateTime now = OffsetDateTime.now(clock);
        UpgradeRolloutRecord rollout = db.newRecord(UPGRADE_ROLLOUT);
        rollout.setState(State.RUNNING.name());
        rollout.setWorkspaceVersion(target.workspace());
        rollout.setOfficeVersion(target.office());
        rollout.setEventsVersion(target.events());
        rollout.setForumVersion(target.forum());
        rollout.setFromWorkspaceVersion(from.workspace());
        rollout.setFromOfficeVersion(from.office());
        rollout.setFromEventsVersion(from.events());
        rollout.setFromForumVersion(from.forum());
        rollout.setCanarySize(plan.canary());
        rollout.setGrowth(plan.growth());
        rollout.setWaveTimeoutSeconds((int) settings.waveTimeout().toSeconds());
        rollout.setCreatedAt(now);
        rollout.setCreatedBy(actor);
        rollout.setUpdatedAt(now);
        try {
            rollout.store();
        } catch (DuplicateKeyException raced) {
            throw new ConflictException("upgrade-open", openRollout().orElse(0L));
        }
        List<List<String>> waves = plan.split(spaces.stream().map(SpaceFleet.Member::slug).toList());
        for (int i = 0; i < waves.size(); i++) {
            addWave(rollout.getId(), i + 1, waves.get(i), now);
        }
        auditLog.record(actor, AuditAction.UPGRADE_STARTED, target(rollout.getId()),
                "from " + from + " to " + target + "; " + spaces.size() + " spaces in " + waves.size() + " waves");
        step(rollout);
        return view(rollout.getId());
    }

    /** Staff pause a running rollout: the wave in flight finishes in the cluster, no new wave starts. */
    @Transactional
    public Rollout pause(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(id);
        if (state(rollout) != State.RUNNING) {
            throw new ConflictException("upgrade-not-running", id);
        }
        setState(rollout, State.PAUSED, rollout.getProblem());
        auditLog.record(actor, AuditAction.UPGRADE_PAUSED, target(id), null);
        return view(id);
    }

    /**
     * Staff resume a paused, failed or blocked rollout. Paused: the wave in flight gets a full timeout again from
     * now. Failed: its failed spaces get another full timeout to become healthy. Blocked: the wave is checked again.
     */
    @Transactional
    public Rollout resume(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(id);
        State state = state(rollout);
        if (state != State.PAUSED && state != State.FAILED && state != State.BLOCKED) {
            throw new ConflictException("upgrade-not-stopped", id);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime deadline = now.plusSeconds(rollout.getWaveTimeoutSeconds());
        if (state == State.FAILED) {
            UpgradeWaveRecord wave = db.selectFrom(UPGRADE_WAVE).where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                    .and(UPGRADE_WAVE.STATE.eq(WaveState.FAILED.name())).fetchOne();
            if (wave != null) {
                db.update(UPGRADE_WAVE_SPACE).set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.UPGRADING.name())
                        .setNull(UPGRADE_WAVE_SPACE.REASON).set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                        .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                        .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED.name())).execute();
                wave.setState(WaveState.RUNNING.name());
                wave.setFinishedAt(null);
                wave.setProblem(null);
                wave.setDeadline(deadline);
                wave.store();
            }
        } else if (state == State.BLOCKED) {
            db.update(UPGRADE_WAVE).set(UPGRADE_WAVE.STATE, WaveState.PLANNED.name()).setNull(UPGRADE_WAVE.PROBLEM)
                    .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id)).and(UPGRADE_WAVE.STATE.eq(WaveState.BLOCKED.name()))
                    .execute();
        } else {
            db.update(UPGRADE_WAVE).set(UPGRADE_WAVE.DEADLINE, deadline).where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                    .and(UPGRADE_WAVE.STATE.eq(WaveState.RUNNING.name())).execute();
        }
        setState(rollout, State.RUNNING, null);
        auditLog.record(actor, AuditAction.UPGRADE_RESUMED, target(id), "was " + state);
        step(rollout);
        return view(id);
    }

    /**
     * Staff roll back: every space that got the new versions gets the versions it had before its wave, waves not
     * finished are cancelled. A completed rollout can be rolled back too, as long as it is the latest one; the
     * platform's versions then go back as well.
     */
    @Transactional
    public Rollout rollBack(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(id);
        State state = state(rollout);
        Long latest = db.select(DSL.max(UPGRADE_ROLLOUT.ID)).from(UPGRADE_ROLLOUT).fetchOne(0, Long.class);
        if (!(state.open() || state == State.COMPLETED) || latest == null || latest != id) {
            throw new ConflictException("upgrade-not-rollbackable", id);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, AppVersions> previous = new LinkedHashMap<>();
        db.selectFrom(UPGRADE_WAVE_SPACE).where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN)
                .forEach(m -> previous.put(m.getSlug(), new AppVersions(m.getPreviousWorkspaceVersion(),
                        m.getPreviousOfficeVersion(), m.getPreviousEventsVersion(), m.getPreviousForumVersion())));
        lifecycle.changeVersions(previous);
        db.update(UPGRADE_WAVE_SPACE).set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.ROLLED_BACK.name())
                .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id)).and(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN).execute();
        db.update(UPGRADE_WAVE).set(UPGRADE_WAVE.STATE, WaveState.CANCELLED.name()).set(UPGRADE_WAVE.FINISHED_AT, now)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.in(WaveState.PLANNED.name(), WaveState.RUNNING.name(),
                        WaveState.BLOCKED.name())).execute();
        if (state == State.COMPLETED) {
            platform.set(from(rollout), actor);
        }
        setState(rollout, State.ROLLED_BACK, rollout.getProblem());
        rollout.setFinishedAt(now);
        rollout.store();
        auditLog.record(actor, AuditAction.UPGRADE_ROLLED_BACK, target(id),
                previous.size() + " spaces back to their previous versions (was " + state + ")");
        return view(id);
    }

    /** One pass of the upgrade job: the running rollout, if any, moves as far as its waves' health allows. */
    public void advance() {
        Long running = db.select(UPGRADE_ROLLOUT.ID).from(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.STATE.eq(State.RUNNING.name())).fetchOne(UPGRADE_ROLLOUT.ID);
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        String before = progress(running);
        transaction.executeWithoutResult(tx -> {
            UpgradeRolloutRecord rollout = lock(running);
            if (state(rollout) == State.RUNNING) {
                step(rollout);
            }
        });
        String after = progress(running);
        if (!after.equals(before)) {
            log.info("Upgrade rollout {}: {} (looked at in {} ms)", running, after,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The rollout's state and each wave's, in a line: what the log says when it changes. */
    private String progress(long id) {
        String state = db.select(UPGRADE_ROLLOUT.STATE).from(UPGRADE_ROLLOUT).where(UPGRADE_ROLLOUT.ID.eq(id))
                .fetchOne(UPGRADE_ROLLOUT.STATE);
        List<String> waves = db.select(UPGRADE_WAVE.NUMBER, UPGRADE_WAVE.SIZE, UPGRADE_WAVE.STATE).from(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id)).orderBy(UPGRADE_WAVE.NUMBER)
                .fetch(r -> "wave " + r.value1() + " (" + r.value2() + ") " + r.value3());
        return state + ", " + String.join(", ", waves);
    }

    /** The wave in flight is looked at; while it is healthy, the next one starts; with none left, done. */
    private void step(UpgradeRolloutRecord rollout) {
        long id = rollout.getId();
        AppVersions target = target(rollout);
        UpgradeWaveRecord running = db.selectFrom(UPGRADE_WAVE).where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.eq(WaveState.RUNNING.name())).fetchOne();
        if (running != null && !finished(rollout, running, target)) {
            return;
        }
        if (state(rollout) != State.RUNNING) {
            return;
        }
        UpgradeWaveRecord next = db.selectFrom(UPGRADE_WAVE).where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.eq(WaveState.PLANNED.name())).orderBy(UPGRADE_WAVE.NUMBER).limit(1)
                .fetchOne();
        if (next == null) {
            next = latecomers(rollout, target);
        }
        if (next == null) {
            complete(rollout, target);
        } else {
            startWave(rollout, next, target);
        }
    }

    /**
     * Looks at a running wave's spaces; true when every one is decided and none failed (the wave succeeded). A space
     * is healthy when its last status is Ready on the new versions: the provisioner rendered exactly them
     * ({@code status.versions}) and every component is in place; a Ready status about the old versions does not
     * count ({@link SpaceFleet#readyOn}).
     */
    private boolean finished(UpgradeRolloutRecord rollout, UpgradeWaveRecord wave, AppVersions target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<String> upgrading = db.select(UPGRADE_WAVE_SPACE.SLUG).from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.UPGRADING.name())).fetch(UPGRADE_WAVE_SPACE.SLUG);
        Map<String, SpaceFleet.Member> spaces = fleet.find(upgrading);
        Set<String> ready = fleet.readyOn(upgrading, target);
        boolean late = !now.isBefore(wave.getDeadline());
        List<String> healthy = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        List<org.jooq.Query> others = new ArrayList<>();
        for (String slug : upgrading) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space == null || space.deleted()) {
                others.add(decide(rollout, slug, Outcome.SKIPPED, "Deleted during its wave.", now));
            } else if (space.suspended()) {
                others.add(decide(rollout, slug, Outcome.SKIPPED, "Suspended during its wave: nothing runs to check.",
                        now));
            } else if (ready.contains(slug)) {
                healthy.add(slug);
            } else if (late) {
                failing.add(slug);
            }
        }
        // Only the failed spaces' statuses are read whole, for the reasons.
        Map<String, SpaceStatus> statuses = fleet.statuses(failing);
        failing.forEach(slug -> others.add(decide(rollout, slug, Outcome.FAILED,
                failure(statuses.get(slug), target), now)));
        for (int from = 0; from < healthy.size(); from += CHUNK) {
            db.update(UPGRADE_WAVE_SPACE).set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.HEALTHY.name())
                    .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now).where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId()))
                    .and(UPGRADE_WAVE_SPACE.SLUG.in(healthy.subList(from, Math.min(healthy.size(), from + CHUNK))))
                    .execute();
        }
        if (!others.isEmpty()) {
            db.batch(others).execute();
        }
        int left = db.fetchCount(UPGRADE_WAVE_SPACE, UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId())
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.UPGRADING.name())));
        if (left > 0) {
            return false;
        }
        int failed = db.fetchCount(UPGRADE_WAVE_SPACE, UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId())
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED.name())));
        wave.setFinishedAt(now);
        if (failed == 0) {
            wave.setState(WaveState.SUCCEEDED.name());
            wave.store();
            return true;
        }
        String problem = "Wave " + wave.getNumber() + ": " + failed + " of " + wave.getSize() + " spaces did not "
                + "report Ready on " + target + " within " + Duration.ofSeconds(rollout.getWaveTimeoutSeconds())
                .toMinutes() + " minutes.";
        wave.setState(WaveState.FAILED.name());
        wave.setProblem(problem);
        wave.store();
        setState(rollout, State.FAILED, problem);
        auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.UPGRADE_WAVE_FAILED, target(rollout.getId()), problem);
        return false;
    }

    /** Why a space is not healthy, from its status: what Ready says, then each component that is not in place. */
    static String failure(SpaceStatus status, AppVersions target) {
        if (status == null) {
            return "Provisioning reported nothing about this space.";
        }
        StringBuilder reason = new StringBuilder();
        if (!target.equals(status.versions())) {
            reason.append("Provisioning has not reported the new versions yet (it reports ")
                    .append(status.versions() == null ? "none" : status.versions()).append("). ");
        }
        status.condition(SpaceConditions.READY).ifPresent(ready -> reason.append(describe(ready)));
        for (Condition condition : status.conditions()) {
            if (!SpaceConditions.READY.equals(condition.getType())
                    && !SpaceConditions.TRUE.equals(condition.getStatus())) {
                reason.append(' ').append(condition.getType()).append(": ").append(describe(condition));
            }
        }
        return reason.toString().strip();
    }

    private static String describe(Condition condition) {
        return (condition.getReason() == null ? condition.getStatus() : condition.getReason())
                + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")");
    }

    /** The statement recording one space's outcome (run in a batch with the others of the wave). */
    private org.jooq.Query decide(UpgradeRolloutRecord rollout, String slug, Outcome outcome, String reason,
                                  OffsetDateTime now) {
        return db.update(UPGRADE_WAVE_SPACE).set(UPGRADE_WAVE_SPACE.OUTCOME, outcome.name())
                .set(UPGRADE_WAVE_SPACE.REASON, reason).set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId())).and(UPGRADE_WAVE_SPACE.SLUG.eq(slug));
    }

    /**
     * Checks the wave's spaces' workspace apps against the target versions; with no known incompatibility, writes
     * the new versions on each space (handed to provisioning once this transaction commits).
     */
    private void startWave(UpgradeRolloutRecord rollout, UpgradeWaveRecord wave, AppVersions target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<String> slugs = db.select(UPGRADE_WAVE_SPACE.SLUG).from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.PENDING.name())).orderBy(UPGRADE_WAVE_SPACE.SLUG)
                .fetch(UPGRADE_WAVE_SPACE.SLUG);
        Map<String, SpaceFleet.Member> spaces = fleet.find(slugs);
        Map<AppCatalogue.Incompatibility, List<String>> incompatible = new LinkedHashMap<>();
        for (String slug : slugs) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space != null && !space.deleted()) {
                catalogue.incompatibilities(target, TenantTemplates.workspaceApps(space.spec())).forEach(found ->
                        incompatible.computeIfAbsent(found, k -> new ArrayList<>()).add(slug));
            }
        }
        if (!incompatible.isEmpty()) {
            List<String> parts = new ArrayList<>();
            incompatible.forEach((found, affected) -> parts.add(found + " (" + names(affected) + ")"));
            String problem = "Wave " + wave.getNumber() + " was not started: " + String.join("; ", parts);
            wave.setState(WaveState.BLOCKED.name());
            wave.setProblem(problem);
            wave.store();
            setState(rollout, State.BLOCKED, problem);
            auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.UPGRADE_WAVE_BLOCKED, target(rollout.getId()),
                    problem);
            return;
        }
        Map<String, AppVersions> versions = new LinkedHashMap<>();
        List<org.jooq.Query> members = new ArrayList<>();
        for (String slug : slugs) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space == null || space.deleted()) {
                members.add(decide(rollout, slug, Outcome.SKIPPED, "Deleted before its wave: left alone.", now));
                continue;
            }
            AppVersions before = space.spec().appVersions();
            boolean suspended = space.suspended();
            members.add(db.update(UPGRADE_WAVE_SPACE)
                    .set(UPGRADE_WAVE_SPACE.OUTCOME, (suspended ? Outcome.SKIPPED : Outcome.UPGRADING).name())
                    .set(UPGRADE_WAVE_SPACE.REASON, suspended ? "Suspended: it gets the new versions and runs them "
                            + "when resumed; nothing runs to check now." : null)
                    .set(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN, true)
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_WORKSPACE_VERSION, before.workspace())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_OFFICE_VERSION, before.office())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_EVENTS_VERSION, before.events())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_FORUM_VERSION, before.forum())
                    .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                    .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId())).and(UPGRADE_WAVE_SPACE.SLUG.eq(slug)));
            versions.put(slug, target);
        }
        if (!members.isEmpty()) {
            db.batch(members).execute();
        }
        lifecycle.changeVersions(versions);
        wave.setState(WaveState.RUNNING.name());
        wave.setStartedAt(now);
        wave.setDeadline(now.plusSeconds(rollout.getWaveTimeoutSeconds()));
        wave.store();
        rollout.setUpdatedAt(now);
        rollout.store();
        int waves = db.fetchCount(UPGRADE_WAVE, UPGRADE_WAVE.ROLLOUT_ID.eq(rollout.getId()));
        auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.UPGRADE_WAVE_STARTED, target(rollout.getId()),
                "wave " + wave.getNumber() + " of " + waves + ": " + versions.size() + " spaces to " + target);
    }

    /**
     * Spaces approved while the rollout ran were planned into no wave and got the platform's old versions: once the
     * planned waves are done, they make one last wave, so that the rollout leaves no space behind.
     */
    private UpgradeWaveRecord latecomers(UpgradeRolloutRecord rollout, AppVersions target) {
        List<String> members = db.select(UPGRADE_WAVE_SPACE.SLUG).from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId())).fetch(UPGRADE_WAVE_SPACE.SLUG);
        java.util.Set<String> planned = new java.util.HashSet<>(members);
        List<String> late = fleet.upgradable().stream().filter(space -> !planned.contains(space.slug()))
                .filter(space -> !target.equals(space.spec().appVersions())).map(SpaceFleet.Member::slug).toList();
        if (late.isEmpty()) {
            return null;
        }
        Integer last = db.select(DSL.max(UPGRADE_WAVE.NUMBER)).from(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(rollout.getId())).fetchOne(0, Integer.class);
        return addWave(rollout.getId(), last == null ? 1 : last + 1, late, OffsetDateTime.now(clock));
    }

    private void complete(UpgradeRolloutRecord rollout, AppVersions target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        platform.set(target, AuditLog.SYSTEM_ACTOR);
        setState(rollout, State.COMPLETED, null);
        rollout.setFinishedAt(now);
        rollout.store();
        auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.UPGRADE_COMPLETED, target(rollout.getId()),
                "every space runs " + target);
    }

    private UpgradeWaveRecord addWave(long rolloutId, int number, List<String> slugs, OffsetDateTime now) {
        UpgradeWaveRecord wave = db.newRecord(UPGRADE_WAVE);
        wave.setRolloutId(rolloutId);
        wave.setNumber(number);
        wave.setSize(slugs.size());
        wave.setState(WaveState.PLANNED.name());
        wave.store();
        // One statement whatever the wave's size: the slugs travel as one array.
        Field<String> slug = DSL.field(DSL.name("members", "slug"), String.class);
        db.insertInto(UPGRADE_WAVE_SPACE, UPGRADE_WAVE_SPACE.ROLLOUT_ID, UPGRADE_WAVE_SPACE.WAVE_ID,
                        UPGRADE_WAVE_SPACE.SLUG, UPGRADE_WAVE_SPACE.OUTCOME, UPGRADE_WAVE_SPACE.UPDATED_AT)
                .select(DSL.select(DSL.val(rolloutId), DSL.val(wave.getId()), slug, DSL.val(Outcome.PENDING.name()),
                        DSL.val(now)).from(DSL.unnest(slugs.toArray(String[]::new)).as("members", "slug")))
                .execute();
        return wave;
    }

    // ---- Reading

    /** The open rollout (running, paused, blocked or failed), if any. */
    public Optional<Rollout> open() {
        return openRollout().map(this::view);
    }

    /** The waves of the open rollout, for the staff dashboard's picture; {@link UpgradeWaves#none()} without one. */
    public UpgradeWaves inFlight() {
        return open().map(UpgradeWaves::of).orElse(UpgradeWaves.none());
    }

    /** The latest rollouts, newest first, without their waves' details. */
    public List<Rollout> recent(int limit) {
        return db.selectFrom(UPGRADE_ROLLOUT).orderBy(UPGRADE_ROLLOUT.ID.desc()).limit(limit)
                .fetch(r -> rollout(r, List.of(), List.of()));
    }

    public Rollout view(long id) {
        UpgradeRolloutRecord rollout = db.selectFrom(UPGRADE_ROLLOUT).where(UPGRADE_ROLLOUT.ID.eq(id)).fetchOptional()
                .orElseThrow(() -> new NotFoundException("upgrade rollout " + id));
        Map<Long, Map<Outcome, Integer>> counts = new java.util.HashMap<>();
        db.select(UPGRADE_WAVE_SPACE.WAVE_ID, UPGRADE_WAVE_SPACE.OUTCOME, DSL.count()).from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .groupBy(UPGRADE_WAVE_SPACE.WAVE_ID, UPGRADE_WAVE_SPACE.OUTCOME)
                .forEach(r -> counts.computeIfAbsent(r.value1(), k -> new EnumMap<>(Outcome.class))
                        .put(Outcome.valueOf(r.value2()), r.value3()));
        List<Rollout.Wave> waves = db.selectFrom(UPGRADE_WAVE).where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .orderBy(UPGRADE_WAVE.NUMBER).fetch(w -> {
                    Map<Outcome, Integer> c = counts.getOrDefault(w.getId(), Map.of());
                    return new Rollout.Wave(w.getNumber(), w.getSize(), WaveState.valueOf(w.getState()),
                            c.getOrDefault(Outcome.PENDING, 0), c.getOrDefault(Outcome.UPGRADING, 0),
                            c.getOrDefault(Outcome.HEALTHY, 0), c.getOrDefault(Outcome.FAILED, 0),
                            c.getOrDefault(Outcome.SKIPPED, 0), c.getOrDefault(Outcome.ROLLED_BACK, 0),
                            w.getStartedAt(), w.getDeadline(), w.getProblem());
                });
        List<Rollout.FailedSpace> failed = db.select(UPGRADE_WAVE.NUMBER, UPGRADE_WAVE_SPACE.SLUG,
                        UPGRADE_WAVE_SPACE.REASON)
                .from(UPGRADE_WAVE_SPACE).join(UPGRADE_WAVE).on(UPGRADE_WAVE.ID.eq(UPGRADE_WAVE_SPACE.WAVE_ID))
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id)).and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED.name()))
                .orderBy(UPGRADE_WAVE.NUMBER, UPGRADE_WAVE_SPACE.SLUG).limit(FAILED_SHOWN)
                .fetch(r -> new Rollout.FailedSpace(r.value1(), r.value2(), r.value3()));
        return rollout(rollout, waves, failed);
    }

    /** How one space fared in a rollout, if it was part of it. */
    public Optional<Outcome> outcome(long id, String slug) {
        return db.select(UPGRADE_WAVE_SPACE.OUTCOME).from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id)).and(UPGRADE_WAVE_SPACE.SLUG.eq(slug))
                .fetchOptional(UPGRADE_WAVE_SPACE.OUTCOME).map(Outcome::valueOf);
    }

    private Optional<Long> openRollout() {
        return db.select(UPGRADE_ROLLOUT.ID).from(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.STATE.in(State.RUNNING.name(), State.PAUSED.name(), State.BLOCKED.name(),
                        State.FAILED.name())).fetchOptional(UPGRADE_ROLLOUT.ID);
    }

    private static Rollout rollout(UpgradeRolloutRecord r, List<Rollout.Wave> waves, List<Rollout.FailedSpace> failed) {
        return new Rollout(r.getId(), state(r), target(r), from(r), r.getCanarySize(), r.getGrowth(),
                Duration.ofSeconds(r.getWaveTimeoutSeconds()), r.getProblem(), r.getCreatedAt(), r.getCreatedBy(),
                r.getFinishedAt(), waves, failed);
    }

    private UpgradeRolloutRecord lock(long id) {
        return db.selectFrom(UPGRADE_ROLLOUT).where(UPGRADE_ROLLOUT.ID.eq(id)).forUpdate().fetchOptional()
                .orElseThrow(() -> new NotFoundException("upgrade rollout " + id));
    }

    private void setState(UpgradeRolloutRecord rollout, State state, String problem) {
        rollout.setState(state.name());
        rollout.setProblem(problem);
        rollout.setUpdatedAt(OffsetDateTime.now(clock));
        rollout.store();
    }

    private static State state(UpgradeRolloutRecord r) {
        return State.valueOf(r.getState());
    }

    private static AppVersions target(UpgradeRolloutRecord r) {
        return new AppVersions(r.getWorkspaceVersion(), r.getOfficeVersion(), r.getEventsVersion(),
                r.getForumVersion());
    }

    private static AppVersions from(UpgradeRolloutRecord r) {
        return new AppVersions(r.getFromWorkspaceVersion(), r.getFromOfficeVersion(), r.getFromEventsVersion(),
                r.getFromForumVersion());
    }

    private static String target(long id) {
        return "upgrade:" + id;
    }

    private static String names(List<String> slugs) {
        String shown = String.join(", ", slugs.subList(0, Math.min(NAMES_IN_A_PROBLEM, slugs.size())));
        return slugs.size() + (slugs.size() == 1 ? " space: " : " spaces: ") + shown
                + (slugs.size() > NAMES_IN_A_PROBLEM ? " and " + (slugs.size() - NAMES_IN_A_PROBLEM) + " more" : "");
    }
}
