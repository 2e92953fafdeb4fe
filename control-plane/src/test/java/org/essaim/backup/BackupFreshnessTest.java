package org.essaim.backup;

import org.essaim.platform.KubernetesTarget;
import org.essaim.space.SpaceState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BackupFreshnessTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-21T12:00:00Z");
    private static final SpaceState READY = SpaceState.READY;

    private static BackupFreshness freshness(KubernetesTarget.Mode mode) {
        KubernetesTarget target =
                new KubernetesTarget(mode, Optional.empty(), "essaim", Path.of("data/spaces"), "test");
        return new BackupFreshness(
                new BackupSettings(Duration.ofHours(36), Duration.ofDays(1)),
                target,
                Clock.fixed(Instant.from(NOW), ZoneOffset.UTC));
    }

    private final BackupFreshness cluster = freshness(KubernetesTarget.Mode.CLUSTER);

    @Test
    void aBackupWithinThirtySixHoursIsFreshAndOneOlderIsStale() {
        BackupFreshness.Verdict fresh = cluster.of(READY, NOW.minusDays(10), NOW.minusHours(35));
        assertThat(fresh.key()).isEqualTo("backup.last");
        assertThat(fresh.stale()).isFalse();
        assertThat(fresh.hours()).isEqualTo(35);

        BackupFreshness.Verdict stale = cluster.of(READY, NOW.minusDays(10), NOW.minusHours(37));
        assertThat(stale.key()).isEqualTo("backup.stale");
        assertThat(stale.stale()).isTrue();
        assertThat(stale.last()).isEqualTo(NOW.minusHours(37));
    }

    @Test
    void noBackupIsNormalOnTheFirstDayAndStaleAfter() {
        assertThat(cluster.of(READY, NOW.minusHours(20), null))
                .extracting(BackupFreshness.Verdict::key, BackupFreshness.Verdict::stale)
                .containsExactly("backup.none", false);
        assertThat(cluster.of(READY, NOW.minusHours(30), null))
                .extracting(
                        BackupFreshness.Verdict::key, BackupFreshness.Verdict::stale, BackupFreshness.Verdict::hours)
                .containsExactly("backup.never", true, 30L);
    }

    @Test
    void suspendedSpacesAreWatchedDeletedOnesAreNot() {
        assertThat(cluster.of(SpaceState.SUSPENDED, NOW.minusDays(10), NOW.minusDays(3))
                        .stale())
                .isTrue();
        assertThat(cluster.of(SpaceState.DELETING, NOW.minusDays(10), NOW.minusDays(3))
                        .stale())
                .isFalse();
        assertThat(cluster.of(SpaceState.ERASED, NOW.minusDays(40), null).stale())
                .isFalse();
    }

    @Test
    void locallyNothingRunsAndThePageSaysSoRatherThanFlaggingEverySpace() {
        BackupFreshness.Verdict local = freshness(KubernetesTarget.Mode.LOCAL).of(READY, NOW.minusDays(10), null);
        assertThat(local.key()).isEqualTo("backup.local");
        assertThat(local.stale()).isFalse();
    }
}
