package org.essaim.space;

import org.essaim.space.resource.OfficeSuite;

/**
 * What the other features (a space's members' side, its usage) need to know of a space that is neither deleted nor
 * erased, read from its registry row by {@link LiveSpaces}; never written through this: changes go through
 * {@link SpaceLifecycle}.
 */
public record SpaceFacts(long id, String slug, String displayName, String language, OfficeSuite officeSuite,
                         boolean events, boolean forum, int accountQuota, int storageQuotaGib, boolean suspended,
                         String referentEmail, String referentName) {
}
