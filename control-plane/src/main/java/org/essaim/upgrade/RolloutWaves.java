package org.essaim.upgrade;

import io.fabric8.kubernetes.api.model.Condition;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.essaim.db.Tables.UPGRADE_ROLLOUT;
import static org.essaim.db.Tables.UPGRADE_WAVE;
import static org.essaim.db.Tables.UPGRADE_WAVE_SPACE;
import static org.essaim.upgrade.RolloutRecords.lock;
import static org.essaim.upgrade.RolloutRecords.names;
import static org.essaim.upgrade.RolloutRecords.setState;
import static org.essaim.upgrade.RolloutRecords.target;

/**
 * The wave state machine of the running rollout: the upgrade job ({@link UpgradeJob}) calls {@link #advance()};
 * the wave in flight is judged (each space healthy when it reports Ready on the new versions), the next one starts
 * after its spaces' workspace apps were checked against the catalogue's known incompatibilities, a wave not healthy
 * in time stops the rollout saying which spaces failed and why, and the last one completes it. Each step holds the
 * rollout's row lock.
 */
@Service
class RolloutWaves {

    private static final Logger log = LoggerFactory.getLogger(RolloutWaves.class);
    private static final int CHUNK = 1000;

    private final DSLContext db;
    private final TransactionTemplate transaction;
    private final SpaceFleet fleet;
    private final SpaceLifecycle lifecycle;
    private final PlatformVersions platform;
    private final AuditLog auditLog;
    private final Clock clock;
    private final AppCatalogue catalogue = AppCatalogue.pinned();

    RolloutWaves(
            DSLContext db,
            TransactionTemplate transaction,
            SpaceFleet fleet,
            SpaceLifecycle lifecycle,
            PlatformVersions platform,
            AuditLog auditLog,
            Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.fleet = fleet;
        this.lifecycle = lifecycle;
        this.platform = platform;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** One pass of the upgrade job: the running rollout, if any, moves as far as its waves' health allows. */
    public void advance() {
        Long running = db.select(UPGRADE_ROLLOUT.ID)
                .from(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.STATE.eq(State.RUNNING))
                .fetchOne(UPGRADE_ROLLOUT.ID);
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        String before = progress(running);
        transaction.executeWithoutResult(tx -> {
            UpgradeRolloutRecord rollout = lock(db, running);
            if (rollout.getState() == State.RUNNING) {
                step(rollout);
            }
        });
        String after = progress(running);
        if (!after.equals(before)) {
            log.info(
                    "Upgrade rollout {}: {} (looked at in {} ms)",
                    running,
                    after,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The rollout's state and each wave's, in a line: what the log says when it changes. */
    private String progress(long id) {
        State state = db.select(UPGRADE_ROLLOUT.STATE)
                .from(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.ID.eq(id))
                .fetchOne(UPGRADE_ROLLOUT.STATE);
        List<String> waves = db.select(UPGRADE_WAVE.NUMBER, UPGRADE_WAVE.SIZE, UPGRADE_WAVE.STATE)
                .from(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .orderBy(UPGRADE_WAVE.NUMBER)
                .fetch(r -> "wave " + r.value1() + " (" + r.value2() + ") " + r.value3());
        return state + ", " + String.join(", ", waves);
    }

    /** The wave in flight is looked at; while it is healthy, the next one starts; with none left, done. */
    void step(UpgradeRolloutRecord rollout) {
        long id = rollout.getId();
        AppVersions target = target(rollout);
        UpgradeWaveRecord running = db.selectFrom(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.eq(WaveState.RUNNING))
                .fetchOne();
        if (running != null && !finished(rollout, running, target)) {
            return;
        }
        if (rollout.getState() != State.RUNNING) {
            return;
        }
        UpgradeWaveRecord next = db.selectFrom(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.eq(WaveState.PLANNED))
                .orderBy(UPGRADE_WAVE.NUMBER)
                .limit(1)
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
        List<String> upgrading = db.select(UPGRADE_WAVE_SPACE.SLUG)
                .from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.UPGRADING))
                .fetch(UPGRADE_WAVE_SPACE.SLUG);
        Map<String, SpaceFleet.Member> spaces = fleet.find(upgrading);
        Set<String> ready = fleet.readyOn(upgrading, target);
        boolean late = !now.isBefore(wave.getDeadline());
        List<String> healthy = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        List<Query> others = new ArrayList<>();
        for (String slug : upgrading) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space == null || space.deleted()) {
                others.add(decide(rollout, slug, Outcome.SKIPPED, "Deleted during its wave.", now));
            } else if (space.suspended()) {
                others.add(decide(
                        rollout, slug, Outcome.SKIPPED, "Suspended during its wave: nothing runs to check.", now));
            } else if (ready.contains(slug)) {
                healthy.add(slug);
            } else if (late) {
                failing.add(slug);
            }
        }
        // Only the failed spaces' statuses are read whole, for the reasons.
        Map<String, SpaceStatus> statuses = fleet.statuses(failing);
        failing.forEach(
                slug -> others.add(decide(rollout, slug, Outcome.FAILED, failure(statuses.get(slug), target), now)));
        for (int from = 0; from < healthy.size(); from += CHUNK) {
            db.update(UPGRADE_WAVE_SPACE)
                    .set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.HEALTHY)
                    .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                    .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId()))
                    .and(UPGRADE_WAVE_SPACE.SLUG.in(healthy.subList(from, Math.min(healthy.size(), from + CHUNK))))
                    .execute();
        }
        if (!others.isEmpty()) {
            db.batch(others).execute();
        }
        int left = db.fetchCount(
                UPGRADE_WAVE_SPACE,
                UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()).and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.UPGRADING)));
        if (left > 0) {
            return false;
        }
        int failed = db.fetchCount(
                UPGRADE_WAVE_SPACE,
                UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()).and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED)));
        wave.setFinishedAt(now);
        if (failed == 0) {
            wave.setState(WaveState.SUCCEEDED);
            wave.store();
            return true;
        }
        String problem = "Wave " + wave.getNumber() + ": " + failed + " of " + wave.getSize() + " spaces did not "
                + "report Ready on " + target + " within "
                + Duration.ofSeconds(rollout.getWaveTimeoutSeconds()).toMinutes() + " minutes.";
        wave.setState(WaveState.FAILED);
        wave.setProblem(problem);
        wave.store();
        setState(rollout, State.FAILED, problem, clock);
        auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                AuditAction.UPGRADE_WAVE_FAILED,
                target(rollout.getId()),
                AuditDetail.UPGRADE_WAVE_FAILED,
                wave.getNumber(),
                failed,
                wave.getSize(),
                target.workspace(),
                target.office(),
                target.events(),
                target.forum(),
                Duration.ofSeconds(rollout.getWaveTimeoutSeconds()).toMinutes());
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
                    .append(status.versions() == null ? "none" : status.versions())
                    .append("). ");
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
    private Query decide(
            UpgradeRolloutRecord rollout, String slug, Outcome outcome, String reason, OffsetDateTime now) {
        return db.update(UPGRADE_WAVE_SPACE)
                .set(UPGRADE_WAVE_SPACE.OUTCOME, outcome)
                .set(UPGRADE_WAVE_SPACE.REASON, reason)
                .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId()))
                .and(UPGRADE_WAVE_SPACE.SLUG.eq(slug));
    }

    /**
     * Checks the wave's spaces' workspace apps against the target versions; with no known incompatibility, writes
     * the new versions on each space (handed to provisioning once this transaction commits).
     */
    private void startWave(UpgradeRolloutRecord rollout, UpgradeWaveRecord wave, AppVersions target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<String> slugs = db.select(UPGRADE_WAVE_SPACE.SLUG)
                .from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.PENDING))
                .orderBy(UPGRADE_WAVE_SPACE.SLUG)
                .fetch(UPGRADE_WAVE_SPACE.SLUG);
        Map<String, SpaceFleet.Member> spaces = fleet.find(slugs);
        Map<AppCatalogue.Incompatibility, List<String>> incompatible = new LinkedHashMap<>();
        for (String slug : slugs) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space != null && !space.deleted()) {
                catalogue
                        .incompatibilities(target, TenantTemplates.workspaceApps(space.spec()))
                        .forEach(found -> incompatible
                                .computeIfAbsent(found, k -> new ArrayList<>())
                                .add(slug));
            }
        }
        if (!incompatible.isEmpty()) {
            List<String> parts = new ArrayList<>();
            incompatible.forEach((found, affected) -> parts.add(found + " (" + names(affected) + ")"));
            String problem = "Wave " + wave.getNumber() + " was not started: " + String.join("; ", parts);
            wave.setState(WaveState.BLOCKED);
            wave.setProblem(problem);
            wave.store();
            setState(rollout, State.BLOCKED, problem, clock);
            // The log keeps data, worded in each reader's language: which spaces, which of their apps, which
            // versions. The catalogue's reasons stay in the rollout's problem, as the catalogue words them.
            List<String> held = incompatible.values().stream()
                    .flatMap(List::stream)
                    .distinct()
                    .toList();
            List<String> apps = incompatible.keySet().stream()
                    .map(AppCatalogue.Incompatibility::workspaceApp)
                    .distinct()
                    .toList();
            int named = Math.min(RolloutRecords.NAMES_IN_A_PROBLEM, held.size());
            auditLog.record(
                    AuditLog.SYSTEM_ACTOR,
                    AuditAction.UPGRADE_WAVE_BLOCKED,
                    target(rollout.getId()),
                    AuditDetail.UPGRADE_WAVE_BLOCKED,
                    wave.getNumber(),
                    held.size(),
                    String.join(", ", held.subList(0, named)),
                    held.size() - named,
                    String.join(", ", apps),
                    apps.size(),
                    target.workspace(),
                    target.office(),
                    target.events(),
                    target.forum());
            return;
        }
        Map<String, AppVersions> versions = new LinkedHashMap<>();
        List<Query> members = new ArrayList<>();
        for (String slug : slugs) {
            SpaceFleet.Member space = spaces.get(slug);
            if (space == null || space.deleted()) {
                members.add(decide(rollout, slug, Outcome.SKIPPED, "Deleted before its wave: left alone.", now));
                continue;
            }
            AppVersions before = space.spec().appVersions();
            boolean suspended = space.suspended();
            members.add(db.update(UPGRADE_WAVE_SPACE)
                    .set(UPGRADE_WAVE_SPACE.OUTCOME, suspended ? Outcome.SKIPPED : Outcome.UPGRADING)
                    .set(
                            UPGRADE_WAVE_SPACE.REASON,
                            suspended
                                    ? "Suspended: it gets the new versions and runs them "
                                            + "when resumed; nothing runs to check now."
                                    : null)
                    .set(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN, true)
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_WORKSPACE_VERSION, before.workspace())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_OFFICE_VERSION, before.office())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_EVENTS_VERSION, before.events())
                    .set(UPGRADE_WAVE_SPACE.PREVIOUS_FORUM_VERSION, before.forum())
                    .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                    .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId()))
                    .and(UPGRADE_WAVE_SPACE.SLUG.eq(slug)));
            versions.put(slug, target);
        }
        if (!members.isEmpty()) {
            db.batch(members).execute();
        }
        lifecycle.changeVersions(versions);
        wave.setState(WaveState.RUNNING);
        wave.setStartedAt(now);
        wave.setDeadline(now.plusSeconds(rollout.getWaveTimeoutSeconds()));
        wave.store();
        rollout.setUpdatedAt(now);
        rollout.store();
        int waves = db.fetchCount(UPGRADE_WAVE, UPGRADE_WAVE.ROLLOUT_ID.eq(rollout.getId()));
        auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                AuditAction.UPGRADE_WAVE_STARTED,
                target(rollout.getId()),
                AuditDetail.UPGRADE_WAVE_STARTED,
                wave.getNumber(),
                waves,
                versions.size(),
                target.workspace(),
                target.office(),
                target.events(),
                target.forum());
    }

    /**
     * Spaces approved while the rollout ran were planned into no wave and got the platform's old versions: once the
     * planned waves are done, they make one last wave, so that the rollout leaves no space behind.
     */
    private UpgradeWaveRecord latecomers(UpgradeRolloutRecord rollout, AppVersions target) {
        List<String> members = db.select(UPGRADE_WAVE_SPACE.SLUG)
                .from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(rollout.getId()))
                .fetch(UPGRADE_WAVE_SPACE.SLUG);
        Set<String> planned = new HashSet<>(members);
        List<String> late = fleet.upgradable().stream()
                .filter(space -> !planned.contains(space.slug()))
                .filter(space -> !target.equals(space.spec().appVersions()))
                .map(SpaceFleet.Member::slug)
                .toList();
        if (late.isEmpty()) {
            return null;
        }
        Integer last = db.select(DSL.max(UPGRADE_WAVE.NUMBER))
                .from(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(rollout.getId()))
                .fetchOne(0, Integer.class);
        return addWave(rollout.getId(), last == null ? 1 : last + 1, late, OffsetDateTime.now(clock));
    }

    private void complete(UpgradeRolloutRecord rollout, AppVersions target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        platform.set(target, AuditLog.SYSTEM_ACTOR);
        setState(rollout, State.COMPLETED, null, clock);
        rollout.setFinishedAt(now);
        rollout.store();
        auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                AuditAction.UPGRADE_COMPLETED,
                target(rollout.getId()),
                AuditDetail.UPGRADE_COMPLETED,
                target.workspace(),
                target.office(),
                target.events(),
                target.forum());
    }

    UpgradeWaveRecord addWave(long rolloutId, int number, List<String> slugs, OffsetDateTime now) {
        UpgradeWaveRecord wave = db.newRecord(UPGRADE_WAVE);
        wave.setRolloutId(rolloutId);
        wave.setNumber(number);
        wave.setSize(slugs.size());
        wave.setState(WaveState.PLANNED);
        wave.store();
        // One statement whatever the wave's size: the slugs travel as one array.
        Field<String> slug = DSL.field(DSL.name("members", "slug"), String.class);
        db.insertInto(
                        UPGRADE_WAVE_SPACE,
                        UPGRADE_WAVE_SPACE.ROLLOUT_ID,
                        UPGRADE_WAVE_SPACE.WAVE_ID,
                        UPGRADE_WAVE_SPACE.SLUG,
                        UPGRADE_WAVE_SPACE.OUTCOME,
                        UPGRADE_WAVE_SPACE.UPDATED_AT)
                .select(DSL.select(
                                DSL.val(rolloutId),
                                DSL.val(wave.getId()),
                                slug,
                                DSL.val(Outcome.PENDING, UPGRADE_WAVE_SPACE.OUTCOME),
                                DSL.val(now))
                        .from(DSL.unnest(slugs.toArray(String[]::new)).as("members", "slug")))
                .execute();
        return wave;
    }

    // ---- Reading
}
