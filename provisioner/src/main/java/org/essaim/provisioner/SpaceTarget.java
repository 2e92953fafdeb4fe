package org.essaim.provisioner;

import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.RenderedSpace;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where a space's Kubernetes objects go: a cluster ({@link ClusterTarget}: server-side apply under one field manager,
 * no write when the live object already matches) or, with no cluster, files ({@link LocalManifests}: one
 * {@code manifests.yaml} per space, ready for {@code kubectl apply -f}, and nothing runs).
 */
interface SpaceTarget {

    /** True when objects reach a real Kubernetes API. */
    boolean cluster();

    /** Where objects go, for messages. */
    String describe(String slug);

    /**
     * Makes the component's objects match: creates the missing ones, corrects those that drifted, deletes those it
     * must not have.
     *
     * @return how many writes it took (0 for a component that already matched)
     * @throws TargetFailure saying which object and why
     */
    int apply(ComponentObjects component);

    /** The Secret's values, if it exists. */
    Optional<Map<String, String>> readSecret(String namespace, String name);

    /** Creates a Secret with these values, or replaces the values of one that exists (platform values only). */
    void writeSecret(String slug, String namespace, String name, Map<String, String> values);

    /**
     * When the space's last backup that succeeded finished, as k8up's {@code Backup} objects in its namespace say;
     * empty when none did, none is left, or backups cannot run here.
     */
    Optional<Instant> lastSuccessfulBackup(String namespace);

    /** Called once per reconciliation, after every component. The local target writes its file then. */
    void finish(RenderedSpace space);

    /** Removes everything of the space in Kubernetes (its namespace); nothing when already gone. */
    void erase(String slug, String namespace);

    /** An object could not be applied; {@link #reason()} is the condition reason it becomes. */
    final class TargetFailure extends RuntimeException {
        private final String reason;

        TargetFailure(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
