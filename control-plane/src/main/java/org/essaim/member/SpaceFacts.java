package org.essaim.member;

import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.space.UnknownSpaceException;
import org.jooq.DSLContext;

import java.util.Optional;

import static org.essaim.db.Tables.SPACE;

/**
 * What the member pages need to know of a space, read from its registry row (never written here: changes go through
 * {@code SpaceLifecycle}). A deleted or erased space has no members' side any more.
 */
record SpaceFacts(long id, String slug, String displayName, String language, String officeSuite, boolean events,
                  boolean forum, int accountQuota, int storageQuotaGib, boolean suspended, String referentEmail) {

    static Optional<SpaceFacts> find(DSLContext db, String slug) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).and(SPACE.DELETED_AT.isNull())
                .and(SPACE.ERASED_AT.isNull()).fetchOptional().map(SpaceFacts::of);
    }

    static SpaceFacts require(DSLContext db, String slug) {
        return find(db, slug).orElseThrow(() -> new UnknownSpaceException(slug));
    }

    private static SpaceFacts of(SpaceRecord r) {
        return new SpaceFacts(r.getId(), r.getSlug(), r.getDisplayName(), r.getLanguage(), r.getOfficeSuite(),
                r.getEventsEnabled(), r.getForumEnabled(), r.getAccountQuota(), r.getStorageQuotaGib(), r.getSuspended(),
                r.getReferentEmail());
    }
}
