package org.essaim.upgrade;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.UpgradeRolloutRecord;
import org.essaim.db.tables.records.UpgradeWaveRecord;
import org.essaim.space.SpaceFleet;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.resource.AppVersions;
import org.essaim.tenant.AppCatalogue;
import org.essaim.upgrade.Rollout.Outcome;
import org.essaim.upgrade.Rollout.State;
import org.essaim.upgrade.Rollout.WaveState;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.essaim.db.Tables.UPGRADE_ROLLOUT;
import static org.essaim.db.Tables.UPGRADE_WAVE;
import static org.essaim.db.Tables.UPGRADE_WAVE_SPACE;
import static org.essaim.upgrade.RolloutRecords.from;
import static org.essaim.upgrade.RolloutRecords.lock;
import static org.essaim.upgrade.RolloutRecords.openRollout;
import static org.essaim.upgrade.RolloutRecords.setState;
import static org.essaim.upgrade.RolloutRecords.target;

/**
 * Staff's commands on rollouts of new app versions: start (every space that is not deleted is planned into a canary
 * then growing waves, {@link WavePlan}), pause, resume, roll back; each audited, each under the rollout's row lock.
 * The waves themselves move in {@link RolloutWaves}; what pages and the API show comes from {@link RolloutViews}.
 */
@Service
public class Rollouts {

    private final DSLContext db;
    private final SpaceFleet fleet;
    private final SpaceLifecycle lifecycle;
    private final PlatformVersions platform;
    private final AuditLog auditLog;
    private final UpgradeSettings settings;
    private final Clock clock;
    private final RolloutWaves waves;
    private final RolloutViews views;
    private final AppCatalogue catalogue = AppCatalogue.pinned();

    Rollouts(
            DSLContext db,
            SpaceFleet fleet,
            SpaceLifecycle lifecycle,
            PlatformVersions platform,
            AuditLog auditLog,
            UpgradeSettings settings,
            Clock clock,
            RolloutWaves waves,
            RolloutViews views) {
        this.db = db;
        this.fleet = fleet;
        this.lifecycle = lifecycle;
        this.platform = platform;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
        this.waves = waves;
        this.views = views;
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
                problems.add(FieldProblem.of(
                        app, "upgrades.version.unknown", version, String.join(", ", catalogue.versions(app))));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        openRollout(db).ifPresent(open -> {
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
        rollout.setState(State.RUNNING);
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
            throw new ConflictException("upgrade-open", openRollout(db).orElse(0L));
        }
        List<List<String>> planned =
                plan.split(spaces.stream().map(SpaceFleet.Member::slug).toList());
        for (int i = 0; i < planned.size(); i++) {
            waves.addWave(rollout.getId(), i + 1, planned.get(i), now);
        }
        auditLog.record(
                actor,
                AuditAction.UPGRADE_STARTED,
                target(rollout.getId()),
                AuditDetail.UPGRADE_STARTED,
                from.workspace(),
                from.office(),
                from.events(),
                from.forum(),
                target.workspace(),
                target.office(),
                target.events(),
                target.forum(),
                spaces.size(),
                planned.size());
        waves.step(rollout);
        return views.view(rollout.getId());
    }

    /** Staff pause a running rollout: the wave in flight finishes in the cluster, no new wave starts. */
    @Transactional
    public Rollout pause(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(db, id);
        if (rollout.getState() != State.RUNNING) {
            throw new ConflictException("upgrade-not-running", id);
        }
        setState(rollout, State.PAUSED, rollout.getProblem(), clock);
        auditLog.record(actor, AuditAction.UPGRADE_PAUSED, target(id), null);
        return views.view(id);
    }

    /**
     * Staff resume a paused, failed or blocked rollout. Paused: the wave in flight gets a full timeout again from
     * now. Failed: its failed spaces get another full timeout to become healthy. Blocked: the wave is checked again.
     */
    @Transactional
    public Rollout resume(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(db, id);
        State state = rollout.getState();
        if (state != State.PAUSED && state != State.FAILED && state != State.BLOCKED) {
            throw new ConflictException("upgrade-not-stopped", id);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime deadline = now.plusSeconds(rollout.getWaveTimeoutSeconds());
        if (state == State.FAILED) {
            UpgradeWaveRecord wave = db.selectFrom(UPGRADE_WAVE)
                    .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                    .and(UPGRADE_WAVE.STATE.eq(WaveState.FAILED))
                    .fetchOne();
            if (wave != null) {
                db.update(UPGRADE_WAVE_SPACE)
                        .set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.UPGRADING)
                        .setNull(UPGRADE_WAVE_SPACE.REASON)
                        .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                        .where(UPGRADE_WAVE_SPACE.WAVE_ID.eq(wave.getId()))
                        .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED))
                        .execute();
                wave.setState(WaveState.RUNNING);
                wave.setFinishedAt(null);
                wave.setProblem(null);
                wave.setDeadline(deadline);
                wave.store();
            }
        } else if (state == State.BLOCKED) {
            db.update(UPGRADE_WAVE)
                    .set(UPGRADE_WAVE.STATE, WaveState.PLANNED)
                    .setNull(UPGRADE_WAVE.PROBLEM)
                    .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                    .and(UPGRADE_WAVE.STATE.eq(WaveState.BLOCKED))
                    .execute();
        } else {
            db.update(UPGRADE_WAVE)
                    .set(UPGRADE_WAVE.DEADLINE, deadline)
                    .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                    .and(UPGRADE_WAVE.STATE.eq(WaveState.RUNNING))
                    .execute();
        }
        setState(rollout, State.RUNNING, null, clock);
        auditLog.record(actor, AuditAction.UPGRADE_RESUMED, target(id), AuditDetail.UPGRADE_RESUMED, state);
        waves.step(rollout);
        return views.view(id);
    }

    /**
     * Staff roll back: every space that got the new versions gets the versions it had before its wave, waves not
     * finished are cancelled. A completed rollout can be rolled back too, as long as it is the latest one; the
     * platform's versions then go back as well.
     */
    @Transactional
    public Rollout rollBack(long id, String actor) {
        UpgradeRolloutRecord rollout = lock(db, id);
        State state = rollout.getState();
        Long latest =
                db.select(DSL.max(UPGRADE_ROLLOUT.ID)).from(UPGRADE_ROLLOUT).fetchOne(0, Long.class);
        if (!(state.open() || state == State.COMPLETED) || latest == null || latest != id) {
            throw new ConflictException("upgrade-not-rollbackable", id);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, AppVersions> previous = new LinkedHashMap<>();
        db.selectFrom(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN)
                .forEach(m -> previous.put(
                        m.getSlug(),
                        new AppVersions(
                                m.getPreviousWorkspaceVersion(),
                                m.getPreviousOfficeVersion(),
                                m.getPreviousEventsVersion(),
                                m.getPreviousForumVersion())));
        lifecycle.changeVersions(previous);
        db.update(UPGRADE_WAVE_SPACE)
                .set(UPGRADE_WAVE_SPACE.OUTCOME, Outcome.ROLLED_BACK)
                .set(UPGRADE_WAVE_SPACE.UPDATED_AT, now)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE_SPACE.VERSIONS_WRITTEN)
                .execute();
        db.update(UPGRADE_WAVE)
                .set(UPGRADE_WAVE.STATE, WaveState.CANCELLED)
                .set(UPGRADE_WAVE.FINISHED_AT, now)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE.STATE.in(WaveState.PLANNED, WaveState.RUNNING, WaveState.BLOCKED))
                .execute();
        if (state == State.COMPLETED) {
            platform.set(from(rollout), actor);
        }
        setState(rollout, State.ROLLED_BACK, rollout.getProblem(), clock);
        rollout.setFinishedAt(now);
        rollout.store();
        auditLog.record(
                actor,
                AuditAction.UPGRADE_ROLLED_BACK,
                target(id),
                AuditDetail.UPGRADE_ROLLED_BACK,
                previous.size(),
                state);
        return views.view(id);
    }
}
