package org.essaim.usage;

import org.essaim.space.SpaceQuotas;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.SPACE_USAGE;
import static org.essaim.db.Tables.SPACE_USAGE_DAY;

/**
 * What spaces use, as the usage job last found it: for one space (its admins' usage page, the staff API), for the
 * staff's list of spaces near their limits, and for the picture of storage use across spaces. Storage is unknown
 * ({@link Optional#empty()}) until a source has measured it: never shown as 0.
 *
 * <p>Joins the quotas the space package publishes ({@link SpaceQuotas#COLUMNS}) for the list's one sorted query; it
 * writes only its own tables.
 */
@Service
public class StorageUsage {

    static final long GIB = 1L << 30;
    /** At or above this share of a quota, a space is "near its limit" in the staff's list. */
    static final double NEAR_LIMIT = 0.8;
    private static final SpaceQuotas.QuotaColumns QUOTAS = SpaceQuotas.COLUMNS;

    private static final Field<Double> STORAGE_RATIO = DSL.field("{0}::float8 / ({1}::float8 * {2})", SQLDataType.DOUBLE,
            SPACE_USAGE.STORAGE_USED_BYTES, QUOTAS.storageQuotaGib(), DSL.inline(GIB));
    private static final Field<Double> ACCOUNTS_RATIO = DSL.field("{0}::float8 / {1}", SQLDataType.DOUBLE,
            SPACE_USAGE.ACCOUNTS_USED, QUOTAS.accountQuota());

    private final DSLContext db;
    private final Clock clock;

    StorageUsage(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A space's latest storage figure against its quota. */
    public record StorageFigure(long usedBytes, int quotaGiB, OffsetDateTime measuredAt) {

        public long quotaBytes() {
            return quotaGiB * GIB;
        }

        /** Whole percent used, rounded down (a space just over 100% shows 100). */
        public int percent() {
            return (int) (usedBytes * 100 / quotaBytes());
        }

        public double usedGiB() {
            return usedBytes / (double) GIB;
        }
    }

    /** A space's quotas and its active accounts; {@code accountsUsed} is null until the directory was counted. */
    public record Limits(Integer accountsUsed, int accountQuota, int storageQuotaGiB) {
    }

    /** One day of a space's history; {@code usedBytes} null on a day storage could not be measured. */
    public record Day(LocalDate day, Long usedBytes, Integer accounts) {
    }

    /** One line of the staff's list. Null figures are unknown. */
    public record SpaceUse(String slug, String displayName, boolean suspended, Long usedBytes, int storageQuotaGiB,
                           Double storageRatio, Integer accountsUsed, int accountQuota, Double accountsRatio,
                           OffsetDateTime measuredAt) {

        public Integer storagePercent() {
            return storageRatio == null ? null : (int) Math.floor(storageRatio * 100);
        }

        public Integer accountsPercent() {
            return accountsRatio == null ? null : (int) Math.floor(accountsRatio * 100);
        }

        public Double usedGiB() {
            return usedBytes == null ? null : usedBytes / (double) GIB;
        }
    }

    public enum Sort { STORAGE, ACCOUNTS }

    /** The space's latest storage figure; empty until one was measured (or when there is no such space). */
    public Optional<StorageFigure> latest(String slug) {
        return db.select(SPACE_USAGE.STORAGE_USED_BYTES, QUOTAS.storageQuotaGib(), SPACE_USAGE.STORAGE_MEASURED_AT)
                .from(SPACE_USAGE).join(QUOTAS.table()).on(QUOTAS.id().eq(SPACE_USAGE.SPACE_ID))
                .where(QUOTAS.slug().eq(slug)).and(QUOTAS.erasedAt().isNull())
                .and(SPACE_USAGE.STORAGE_USED_BYTES.isNotNull())
                .fetchOptional(r -> new StorageFigure(r.value1(), r.value2(), r.value3()));
    }

    /** The space's quotas and accounts (empty when there is no such space). */
    public Optional<Limits> limits(String slug) {
        return db.select(SPACE_USAGE.ACCOUNTS_USED, QUOTAS.accountQuota(), QUOTAS.storageQuotaGib())
                .from(QUOTAS.table()).leftJoin(SPACE_USAGE).on(SPACE_USAGE.SPACE_ID.eq(QUOTAS.id()))
                .where(QUOTAS.slug().eq(slug)).and(QUOTAS.erasedAt().isNull())
                .fetchOptional(r -> new Limits(r.value1(), r.value2(), r.value3()));
    }

    /** The last {@code days} days of a space's history, oldest first. */
    public List<Day> history(String slug, int days) {
        LocalDate from = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L);
        return db.select(SPACE_USAGE_DAY.DAY, SPACE_USAGE_DAY.STORAGE_USED_BYTES, SPACE_USAGE_DAY.ACCOUNTS_USED)
                .from(SPACE_USAGE_DAY).join(QUOTAS.table()).on(QUOTAS.id().eq(SPACE_USAGE_DAY.SPACE_ID))
                .where(QUOTAS.slug().eq(slug)).and(SPACE_USAGE_DAY.DAY.ge(from))
                .orderBy(SPACE_USAGE_DAY.DAY)
                .fetch(r -> new Day(r.value1(), r.value2(), r.value3()));
    }

    /**
     * Spaces with known figures, the most used first; unless {@code all}, only those at or above 80% of their
     * storage or account quota. Deleted spaces are left out.
     */
    public List<SpaceUse> list(Sort sort, boolean all, int offset, int limit) {
        Condition near = all ? DSL.noCondition()
                : STORAGE_RATIO.ge(NEAR_LIMIT).or(ACCOUNTS_RATIO.ge(NEAR_LIMIT));
        List<SortField<?>> order = sort == Sort.ACCOUNTS
                ? List.of(ACCOUNTS_RATIO.desc().nullsLast(), STORAGE_RATIO.desc().nullsLast(), QUOTAS.slug().asc())
                : List.of(STORAGE_RATIO.desc().nullsLast(), ACCOUNTS_RATIO.desc().nullsLast(), QUOTAS.slug().asc());
        return db.select(QUOTAS.slug(), QUOTAS.displayName(), QUOTAS.suspended(), SPACE_USAGE.STORAGE_USED_BYTES,
                        QUOTAS.storageQuotaGib(), STORAGE_RATIO, SPACE_USAGE.ACCOUNTS_USED, QUOTAS.accountQuota(),
                        ACCOUNTS_RATIO, SPACE_USAGE.STORAGE_MEASURED_AT)
                .from(SPACE_USAGE).join(QUOTAS.table()).on(QUOTAS.id().eq(SPACE_USAGE.SPACE_ID))
                .where(QUOTAS.live()).and(near)
                .orderBy(order).offset(offset).limit(limit)
                .fetch(r -> new SpaceUse(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10()));
    }

    /** How many spaces fall in each tenth of their storage quota, for {@code staff/fragments/storage-use.html}. */
    public StorageHistogram histogram() {
        Field<Integer> bucket = DSL.field("least(floor({0} * 10), 10)::int", SQLDataType.INTEGER, STORAGE_RATIO);
        int[] counts = new int[StorageHistogram.BUCKETS];
        db.select(bucket, DSL.count()).from(SPACE_USAGE).join(QUOTAS.table()).on(QUOTAS.id().eq(SPACE_USAGE.SPACE_ID))
                .where(QUOTAS.live())
                .and(SPACE_USAGE.STORAGE_USED_BYTES.isNotNull())
                .groupBy(bucket)
                .forEach(r -> counts[r.value1()] = r.value2());
        int live = db.fetchCount(QUOTAS.table(), QUOTAS.live());
        return StorageHistogram.of(counts, live);
    }
}
