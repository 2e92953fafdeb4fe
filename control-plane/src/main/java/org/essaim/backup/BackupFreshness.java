package org.essaim.backup;

import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.platform.KubernetesTarget;
import org.essaim.space.SpaceState;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Whether a space's backups are recent enough, for the staff pages ({@code @backupFreshness.of(space)} in the
 * templates). Stale: the last successful backup is older than {@code essaim.backups.stale-after} (36 hours: one
 * daily run missed, with room for a run late in its window), or there is none though the space was approved more
 * than {@code essaim.backups.first-backup-within} (a day) ago. Spaces being deleted or erased are never flagged;
 * suspended ones are, since their data is still backed up. In the local default nothing runs, so nothing is
 * backed up and the pages say so.
 */
@Component
public class BackupFreshness {

    /** What the pages show: a message key, its arguments, and whether staff should act. */
    public record Verdict(String key, boolean stale, OffsetDateTime last, long hours) {}

    private final Duration staleAfter;
    private final Duration firstBackupWithin;
    private final KubernetesTarget kubernetes;
    private final Clock clock;

    BackupFreshness(BackupSettings settings, KubernetesTarget kubernetes, Clock clock) {
        this.staleAfter = settings.staleAfter();
        this.firstBackupWithin = settings.firstBackupWithin();
        this.kubernetes = kubernetes;
        this.clock = clock;
    }

    public Verdict of(SpaceRecord space) {
        return of(space.getState(), space.getCreatedAt(), space.getLastSuccessfulBackup());
    }

    Verdict of(SpaceState state, OffsetDateTime approvedAt, OffsetDateTime last) {
        if (kubernetes.local()) {
            return new Verdict("backup.local", false, null, 0);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean watched = state != SpaceState.DELETING && state != SpaceState.ERASED;
        if (last == null) {
            boolean overdue = Duration.between(approvedAt, now).compareTo(firstBackupWithin) > 0;
            return new Verdict(
                    overdue && watched ? "backup.never" : "backup.none",
                    overdue && watched,
                    null,
                    Duration.between(approvedAt, now).toHours());
        }
        long hours = Duration.between(last, now).toHours();
        boolean stale = watched && Duration.between(last, now).compareTo(staleAfter) > 0;
        return new Verdict(
                stale ? "backup.stale" : "backup.last", stale, last.withOffsetSameInstant(ZoneOffset.UTC), hours);
    }
}
