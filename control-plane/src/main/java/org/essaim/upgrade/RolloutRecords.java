package org.essaim.upgrade;

import org.essaim.db.tables.records.UpgradeRolloutRecord;
import org.essaim.space.resource.AppVersions;
import org.essaim.upgrade.Rollout.State;
import org.essaim.web.NotFoundException;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.UPGRADE_ROLLOUT;

/** What staff commands, the wave machine and the views share about a rollout's row. */
final class RolloutRecords {

    static final int NAMES_IN_A_PROBLEM = 5;

    private RolloutRecords() {}

    static Optional<Long> openRollout(DSLContext db) {
        return db.select(UPGRADE_ROLLOUT.ID)
                .from(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.STATE.in(State.RUNNING, State.PAUSED, State.BLOCKED, State.FAILED))
                .fetchOptional(UPGRADE_ROLLOUT.ID);
    }

    /** The rollout's row, locked: replicas and staff never act on one rollout at once. */
    static UpgradeRolloutRecord lock(DSLContext db, long id) {
        return db.selectFrom(UPGRADE_ROLLOUT)
                .where(UPGRADE_ROLLOUT.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("upgrade rollout " + id));
    }

    static void setState(UpgradeRolloutRecord rollout, State state, String problem, Clock clock) {
        rollout.setState(state);
        rollout.setProblem(problem);
        rollout.setUpdatedAt(OffsetDateTime.now(clock));
        rollout.store();
    }

    static AppVersions target(UpgradeRolloutRecord r) {
        return new AppVersions(
                r.getWorkspaceVersion(), r.getOfficeVersion(), r.getEventsVersion(), r.getForumVersion());
    }

    static AppVersions from(UpgradeRolloutRecord r) {
        return new AppVersions(
                r.getFromWorkspaceVersion(),
                r.getFromOfficeVersion(),
                r.getFromEventsVersion(),
                r.getFromForumVersion());
    }

    static String target(long id) {
        return "upgrade:" + id;
    }

    static String names(List<String> slugs) {
        String shown = String.join(", ", slugs.subList(0, Math.min(NAMES_IN_A_PROBLEM, slugs.size())));
        return slugs.size()
                + (slugs.size() == 1 ? " space: " : " spaces: ")
                + shown
                + (slugs.size() > NAMES_IN_A_PROBLEM ? " and " + (slugs.size() - NAMES_IN_A_PROBLEM) + " more" : "");
    }
}
