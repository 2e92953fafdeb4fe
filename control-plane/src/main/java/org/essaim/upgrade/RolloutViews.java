package org.essaim.upgrade;

import org.essaim.db.tables.records.UpgradeRolloutRecord;
import org.essaim.upgrade.Rollout.Outcome;
import org.essaim.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.UPGRADE_ROLLOUT;
import static org.essaim.db.Tables.UPGRADE_WAVE;
import static org.essaim.db.Tables.UPGRADE_WAVE_SPACE;
import static org.essaim.upgrade.RolloutRecords.from;
import static org.essaim.upgrade.RolloutRecords.openRollout;
import static org.essaim.upgrade.RolloutRecords.target;

/** What staff pages, the API and the dashboard show of rollouts: the open one, the latest, one in full. */
@Service
public class RolloutViews {

    static final int FAILED_SHOWN = 200;

    private final DSLContext db;

    RolloutViews(DSLContext db) {
        this.db = db;
    }

    /** The open rollout (running, paused, blocked or failed), if any. */
    public Optional<Rollout> open() {
        return openRollout(db).map(this::view);
    }

    /** The waves of the open rollout, for the staff dashboard's picture; {@link UpgradeWaves#none()} without one. */
    public UpgradeWaves inFlight() {
        return open().map(UpgradeWaves::of).orElse(UpgradeWaves.none());
    }

    /** The latest rollouts, newest first, without their waves' details. */
    public List<Rollout> recent(int limit) {
        return db.selectFrom(UPGRADE_ROLLOUT)
                .orderBy(UPGRADE_ROLLOUT.ID.desc())
                .limit(limit)
                .fetch(r -> rollout(r, List.of(), List.of()));
    }

    public Rollout view(long id) {
        UpgradeRolloutRecord rollout = db.selectFrom(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.ID.eq(id))
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("upgrade rollout " + id));
        Map<Long, Map<Outcome, Integer>> counts = new HashMap<>();
        db.select(UPGRADE_WAVE_SPACE.WAVE_ID, UPGRADE_WAVE_SPACE.OUTCOME, DSL.count())
                .from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .groupBy(UPGRADE_WAVE_SPACE.WAVE_ID, UPGRADE_WAVE_SPACE.OUTCOME)
                .forEach(r -> counts.computeIfAbsent(r.value1(), k -> new EnumMap<>(Outcome.class))
                        .put(r.value2(), r.value3()));
        List<Rollout.Wave> waves = db.selectFrom(UPGRADE_WAVE)
                .where(UPGRADE_WAVE.ROLLOUT_ID.eq(id))
                .orderBy(UPGRADE_WAVE.NUMBER)
                .fetch(w -> {
                    Map<Outcome, Integer> c = counts.getOrDefault(w.getId(), Map.of());
                    return new Rollout.Wave(
                            w.getNumber(),
                            w.getSize(),
                            w.getState(),
                            c.getOrDefault(Outcome.PENDING, 0),
                            c.getOrDefault(Outcome.UPGRADING, 0),
                            c.getOrDefault(Outcome.HEALTHY, 0),
                            c.getOrDefault(Outcome.FAILED, 0),
                            c.getOrDefault(Outcome.SKIPPED, 0),
                            c.getOrDefault(Outcome.ROLLED_BACK, 0),
                            w.getStartedAt(),
                            w.getDeadline(),
                            w.getProblem());
                });
        List<Rollout.FailedSpace> failed = db.select(
                        UPGRADE_WAVE.NUMBER, UPGRADE_WAVE_SPACE.SLUG, UPGRADE_WAVE_SPACE.REASON)
                .from(UPGRADE_WAVE_SPACE)
                .join(UPGRADE_WAVE)
                .on(UPGRADE_WAVE.ID.eq(UPGRADE_WAVE_SPACE.WAVE_ID))
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE_SPACE.OUTCOME.eq(Outcome.FAILED))
                .orderBy(UPGRADE_WAVE.NUMBER, UPGRADE_WAVE_SPACE.SLUG)
                .limit(FAILED_SHOWN)
                .fetch(r -> new Rollout.FailedSpace(r.value1(), r.value2(), r.value3()));
        return rollout(rollout, waves, failed);
    }

    /** How one space fared in a rollout, if it was part of it. */
    public Optional<Outcome> outcome(long id, String slug) {
        return db.select(UPGRADE_WAVE_SPACE.OUTCOME)
                .from(UPGRADE_WAVE_SPACE)
                .where(UPGRADE_WAVE_SPACE.ROLLOUT_ID.eq(id))
                .and(UPGRADE_WAVE_SPACE.SLUG.eq(slug))
                .fetchOptional(UPGRADE_WAVE_SPACE.OUTCOME);
    }

    private static Rollout rollout(UpgradeRolloutRecord r, List<Rollout.Wave> waves, List<Rollout.FailedSpace> failed) {
        return new Rollout(
                r.getId(),
                r.getState(),
                target(r),
                from(r),
                r.getCanarySize(),
                r.getGrowth(),
                Duration.ofSeconds(r.getWaveTimeoutSeconds()),
                r.getProblem(),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getFinishedAt(),
                waves,
                failed);
    }
}
