package org.essaim.space;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.SPACE;

/**
 * What staff granted each space (accounts, storage) and who to tell about it, for the features that watch usage.
 * Changing quotas goes through {@link SpaceLifecycle#changeQuotas}.
 */
@Service
public class SpaceQuotas {

    /** One space's quotas, its language and its referent (the contact of last resort). */
    public record Quota(long spaceId, String slug, String displayName, String language, String referentEmail,
                        int accounts, int storageGiB) {

        public long storageBytes() {
            return storageGiB * (1L << 30);
        }
    }

    private final DSLContext db;

    SpaceQuotas(DSLContext db) {
        this.db = db;
    }

    /** Spaces whose workloads run: not suspended, not deleted, not erased. Their apps can be asked what they use. */
    public List<Quota> running() {
        return db.select(SPACE.ID, SPACE.SLUG, SPACE.DISPLAY_NAME, SPACE.LANGUAGE, SPACE.REFERENT_EMAIL,
                        SPACE.ACCOUNT_QUOTA, SPACE.STORAGE_QUOTA_GIB)
                .from(SPACE)
                .where(SPACE.SUSPENDED.isFalse()).and(SPACE.DELETED_AT.isNull()).and(SPACE.ERASED_AT.isNull())
                .orderBy(SPACE.ID)
                .fetch(SpaceQuotas::quota);
    }

    /** A space that is not erased. */
    public Optional<Quota> of(String slug) {
        return db.select(SPACE.ID, SPACE.SLUG, SPACE.DISPLAY_NAME, SPACE.LANGUAGE, SPACE.REFERENT_EMAIL,
                        SPACE.ACCOUNT_QUOTA, SPACE.STORAGE_QUOTA_GIB)
                .from(SPACE)
                .where(SPACE.SLUG.eq(slug)).and(SPACE.ERASED_AT.isNull())
                .fetchOptional(SpaceQuotas::quota);
    }

    private static Quota quota(Record r) {
        return new Quota(r.get(SPACE.ID), r.get(SPACE.SLUG), r.get(SPACE.DISPLAY_NAME), r.get(SPACE.LANGUAGE),
                r.get(SPACE.REFERENT_EMAIL), r.get(SPACE.ACCOUNT_QUOTA), r.get(SPACE.STORAGE_QUOTA_GIB));
    }
}
