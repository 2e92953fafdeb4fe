package org.essaim.upgrade;

import org.essaim.space.resource.AppVersions;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One rollout of new app versions to the fleet, as the console and the API show it.
 *
 * @param target  the versions every space moves to
 * @param from    the platform's versions when it started (what rolling back a completed rollout restores)
 * @param problem why it stopped, when a wave failed or was blocked
 * @param waves   canary first
 * @param failed  the spaces whose wave failed, with why (the first {@value RolloutViews#FAILED_SHOWN})
 */
public record Rollout(
        long id,
        State state,
        AppVersions target,
        AppVersions from,
        int canarySize,
        int growth,
        Duration waveTimeout,
        String problem,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime finishedAt,
        List<Wave> waves,
        List<FailedSpace> failed) {

    public enum State {
        /** Waves are being rolled out. */
        RUNNING,
        /** Staff paused it: the wave in flight finishes on its own, no new wave starts. */
        PAUSED,
        /** A wave's spaces enable an app known not to work with a target version: nothing of that wave changed. */
        BLOCKED,
        /** A wave's spaces did not all report Ready on the new versions in time. */
        FAILED,
        /** Every space runs the new versions; they are the platform's versions now. */
        COMPLETED,
        /** Staff rolled it back: the upgraded spaces got their previous versions back. */
        ROLLED_BACK;

        /** Open: at most one at a time, and it can be paused, resumed or rolled back. */
        public boolean open() {
            return this == RUNNING || this == PAUSED || this == BLOCKED || this == FAILED;
        }
    }

    public enum WaveState {
        PLANNED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        BLOCKED,
        CANCELLED
    }

    /** How one space's part of the rollout went. */
    public enum Outcome {
        /** Its wave has not started. */
        PENDING,
        /** Its new versions are handed to provisioning; not yet Ready on them. */
        UPGRADING,
        /** Reported Ready on the new versions. */
        HEALTHY,
        /** Not Ready on the new versions when its wave's time ran out. */
        FAILED,
        /** Suspended (gets the new versions, nothing runs to check) or deleted (left alone). */
        SKIPPED,
        /** Its previous versions were written back. */
        ROLLED_BACK
    }

    /** One wave and where its spaces stand. */
    public record Wave(
            int number,
            int size,
            WaveState state,
            int pending,
            int upgrading,
            int healthy,
            int failed,
            int skipped,
            int rolledBack,
            OffsetDateTime startedAt,
            OffsetDateTime deadline,
            String problem) {

        /** Spaces whose part is decided (healthy, failed, skipped or rolled back). */
        public int done() {
            return healthy + failed + skipped + rolledBack;
        }

        public int percent(int count) {
            return size == 0 ? 0 : (int) Math.round(100.0 * count / size);
        }

        public boolean canary() {
            return number == 1;
        }

        /**
         * The bar of this wave, left to right: healthy, skipped, rolled back, failed, upgrading (what is left is
         * pending). Each segment's {@code x} and {@code width} are percentages of the bar.
         */
        public List<Segment> segments() {
            List<Segment> segments = new ArrayList<>();
            double x = 0;
            int[] counts = {healthy, skipped, rolledBack, failed, upgrading};
            Outcome[] outcomes = {
                Outcome.HEALTHY, Outcome.SKIPPED, Outcome.ROLLED_BACK, Outcome.FAILED, Outcome.UPGRADING
            };
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0 && size > 0) {
                    double width = 100.0 * counts[i] / size;
                    segments.add(new Segment(outcomes[i], counts[i], x, width));
                    x += width;
                }
            }
            return segments;
        }
    }

    /** A part of a wave's bar: how many spaces have this outcome, where it starts and how wide it is (in %). */
    public record Segment(Outcome outcome, int count, double x, double width) {

        /** The colour of the outcome, with enough contrast on white, and never the only cue (a legend says it). */
        public String fill() {
            return switch (outcome) {
                case HEALTHY -> "#2e7d32";
                case SKIPPED -> "#757575";
                case ROLLED_BACK -> "#6a1b9a";
                case FAILED -> "#c62828";
                case UPGRADING -> "#b26a00";
                case PENDING -> "#e0e0e0";
            };
        }
    }

    public record FailedSpace(int wave, String slug, String reason) {}

    public boolean open() {
        return state.open();
    }
}
