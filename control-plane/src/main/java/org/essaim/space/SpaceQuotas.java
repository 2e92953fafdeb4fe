package org.essaim.space;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
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

    /**
     * Every space's quotas as a relation another feature's query joins, so that a list sorted by use against the
     * quotas (the staff's usage list, 10,000 spaces) stays one statement the database sorts and pages. The columns
     * are this package's to name; the {@code space} table itself stays this package's own. PostgreSQL folds the
     * derived table into the query, so it plans as a join on {@code space}.
     */
    public record QuotaColumns(Table<?> table, Field<Long> id, Field<String> slug, Field<String> displayName,
                               Field<Boolean> suspended, Field<Integer> accountQuota, Field<Integer> storageQuotaGib,
                               Field<OffsetDateTime> deletedAt, Field<OffsetDateTime> erasedAt) {

        /** Neither deleted nor erased. */
        public org.jooq.Condition live() {
            return deletedAt.isNull().and(erasedAt.isNull());
        }
    }

    /** The relation of {@link QuotaColumns}, aliased {@code space_quota}. */
    public static final QuotaColumns COLUMNS = columns();

    private static QuotaColumns columns() {
        Table<?> table = DSL.select(SPACE.ID, SPACE.SLUG, SPACE.DISPLAY_NAME, SPACE.SUSPENDED, SPACE.ACCOUNT_QUOTA,
                SPACE.STORAGE_QUOTA_GIB, SPACE.DELETED_AT, SPACE.ERASED_AT).from(SPACE).asTable("space_quota");
        return new QuotaColumns(table, table.field(SPACE.ID), table.field(SPACE.SLUG), table.field(SPACE.DISPLAY_NAME),
                table.field(SPACE.SUSPENDED), table.field(SPACE.ACCOUNT_QUOTA), table.field(SPACE.STORAGE_QUOTA_GIB),
                table.field(SPACE.DELETED_AT), table.field(SPACE.ERASED_AT));
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
