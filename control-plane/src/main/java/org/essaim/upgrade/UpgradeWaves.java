package org.essaim.upgrade;

import org.essaim.space.resource.AppVersions;

import java.util.List;

/**
 * The waves of the rollout in flight, for {@code templates/staff/fragments/upgrade-waves.html} (the upgrades page
 * and the staff dashboard both draw it). {@link #none()} when no rollout is open.
 *
 * @param rolloutId the open rollout, null when none
 * @param state     its state
 * @param target    the versions it rolls out
 * @param problem   why it stopped, if it did
 * @param waves     canary first
 */
public record UpgradeWaves(
        Long rolloutId, Rollout.State state, AppVersions target, String problem, List<Rollout.Wave> waves) {

    public UpgradeWaves {
        waves = waves == null ? List.of() : List.copyOf(waves);
    }

    public static UpgradeWaves none() {
        return new UpgradeWaves(null, null, null, null, List.of());
    }

    public static UpgradeWaves of(Rollout rollout) {
        return new UpgradeWaves(rollout.id(), rollout.state(), rollout.target(), rollout.problem(), rollout.waves());
    }

    public boolean inFlight() {
        return rolloutId != null;
    }
}
