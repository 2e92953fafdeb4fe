package org.essaim.provisioner;

import org.essaim.space.resource.SpaceStatus;

import java.time.Instant;
import java.util.List;

/**
 * What erasing a deleted space removed, once its grace period was over: what the control plane records in its audit
 * log. Also written in the Space's last status ({@code status.erasure}) and published as a Kubernetes Event (reason
 * {@value #EVENT_REASON}) on the Space, just before the Space itself goes away.
 *
 * @param slug             the space
 * @param namespace        its namespace, deleted with everything in it (volumes included)
 * @param databases        its databases dropped, with their roles
 * @param directoryEntries how many directory entries its subtree held (people, groups, service account)
 * @param deletedAt        when staff deleted the space
 * @param erasedAt         when its data was erased
 */
public record SpaceErasure(
        String slug,
        String namespace,
        List<String> databases,
        int directoryEntries,
        Instant deletedAt,
        Instant erasedAt) {

    public static final String EVENT_REASON = "SpaceErased";

    public SpaceErasure {
        databases = List.copyOf(databases);
    }

    public String describe() {
        return "Space " + slug + " (deleted " + deletedAt + ") erased " + erasedAt + ": namespace " + namespace
                + ", databases " + (databases.isEmpty() ? "none" : String.join(", ", databases)) + ", "
                + directoryEntries + " directory entries.";
    }

    SpaceStatus.Erasure toStatus() {
        return new SpaceStatus.Erasure(
                namespace, databases, directoryEntries, deletedAt.toString(), erasedAt.toString());
    }

    /** Read back from a Space's last status. */
    public static SpaceErasure fromStatus(String slug, SpaceStatus.Erasure erasure) {
        return new SpaceErasure(
                slug,
                erasure.namespace(),
                erasure.databases(),
                erasure.directoryEntries(),
                Instant.parse(erasure.deletedAt()),
                Instant.parse(erasure.erasedAt()));
    }
}
