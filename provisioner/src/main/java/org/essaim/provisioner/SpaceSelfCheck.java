package org.essaim.provisioner;

import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.RenderedSpace;

import java.util.List;
import java.util.Optional;

/**
 * After a space's apps are applied, checks each of them from inside the cluster as a person would reach it, and says
 * so as one condition per app ({@link SpaceConditions#VERIFICATIONS}). In a cluster it is {@link InClusterSelfCheck};
 * without one nothing runs, so nothing can be checked ({@link #notApplicable()}).
 *
 * <p>A check is bounded: every request has a short timeout, the HTTP requests of one space run at once, so an app
 * that hangs holds a worker for about one timeout, not one per request.
 */
public interface SpaceSelfCheck {

    /**
     * Checks the apps the spec turns on. Called only for a space that is not suspended, whose components were all
     * applied in this pass.
     *
     * @param servicePassword the space's read-only directory service account's password (what its apps bind with)
     * @return one verdict per app that is on, in the order of {@link SpaceConditions#VERIFICATIONS}
     */
    List<Verdict> check(SpaceSpec spec, RenderedSpace rendered, String servicePassword);

    /** True when the checks can run here (a cluster). */
    boolean applicable();

    /** What one pass of checks cost, for the benchmark; empty when not counted. */
    default Optional<Cost> cost() {
        return Optional.empty();
    }

    /**
     * One app's result.
     *
     * @param type    {@link SpaceConditions#WORKSPACE_VERIFIED}, {@link SpaceConditions#EVENTS_VERIFIED} or
     *                {@link SpaceConditions#FORUM_VERIFIED}
     * @param status  {@code True}, {@code False} or {@code Unknown} (the configure Job is still running)
     * @param reason  {@link Reason#VERIFIED}, {@link Reason#UNREACHABLE}, {@link Reason#NOT_INSTALLED},
     *                {@link Reason#MAINTENANCE}, {@link Reason#CONFIGURING}, {@link Reason#APPS_MISSING},
     *                {@link Reason#CONFIGURATION_FAILED}, {@link Reason#SIGN_IN_FAILED}
     * @param message an English sentence without timestamps or counters (an unchanged result is an unchanged
     *                status, hence no write)
     */
    record Verdict(String type, String status, String reason, String message) {

        static Verdict ok(String type, String message) {
            return new Verdict(type, SpaceConditions.TRUE, Reason.VERIFIED, message);
        }

        static Verdict failed(String type, String reason, String message) {
            return new Verdict(type, SpaceConditions.FALSE, reason, message);
        }
    }

    /**
     * Counters since the check was made: HTTP requests to apps, LDAP binds and searches, Kubernetes API reads.
     */
    record Cost(long spaces, long httpRequests, long ldapBinds, long ldapSearches, long apiReads) {}

    /** No cluster: the apps do not run, so there is nothing to check. */
    static SpaceSelfCheck notApplicable() {
        return new SpaceSelfCheck() {
            @Override
            public List<Verdict> check(SpaceSpec spec, RenderedSpace rendered, String servicePassword) {
                return List.of();
            }

            @Override
            public boolean applicable() {
                return false;
            }
        };
    }
}
