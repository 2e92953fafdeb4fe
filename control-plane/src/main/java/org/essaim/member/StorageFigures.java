package org.essaim.member;

import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The storage a space uses, in bytes, when some report says so. No report exists yet: the usage page and API then
 * say "unknown", never 0.
 *
 * <p>The call site for {@code org.essaim.usage.StorageUsage.latest(slug)} (being built in its own branch): once it is
 * merged, {@link #of} returns its figure.
 */
@Component
class StorageFigures {

    /** Bytes used by the space, or empty while nobody has measured them. */
    Optional<Long> of(SpaceFacts space) {
        // Replace with: return storageUsage.latest(space.slug()).map(StorageUsage.Figure::bytes);
        return Optional.empty();
    }
}
