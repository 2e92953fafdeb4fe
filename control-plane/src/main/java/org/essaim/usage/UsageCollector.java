package org.essaim.usage;

import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.SpaceQuotas;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.essaim.db.Tables.SPACE_USAGE;
import static org.essaim.db.Tables.SPACE_USAGE_DAY;

/**
 * One collection run: every running space's storage (from the platform's {@link StorageSource}) and active
 * accounts (from the directory), written as the space's latest figures and as today's row of its history; then
 * each space's storage alert is brought up to date. A figure not obtained this time leaves the previous one in place.
 */
@Service
public class UsageCollector {

    private static final Logger log = LoggerFactory.getLogger(UsageCollector.class);
    /** Spaces written per transaction. */
    private static final int CHUNK = 500;

    private final DSLContext db;
    private final SpaceQuotas quotas;
    private final SpaceMembers members;
    private final SpaceSubtrees subtrees;
    private final StorageAlerts alerts;
    private final StorageSource source;
    private final UsageSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UsageCollector(
            DSLContext db,
            SpaceQuotas quotas,
            SpaceMembers members,
            SpaceSubtrees subtrees,
            StorageAlerts alerts,
            StorageSource source,
            UsageSettings settings,
            TransactionTemplate transaction,
            Clock clock) {
        this.db = db;
        this.quotas = quotas;
        this.members = members;
        this.subtrees = subtrees;
        this.alerts = alerts;
        this.source = source;
        this.settings = settings;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What one run did. */
    public record Report(
            String source,
            int spaces,
            int storageMeasured,
            int storageFailed,
            int accountsCounted,
            int accountsFailed,
            int alertsSent,
            long millis) {}

    /** Collects with the platform's source. */
    public Report collect() {
        return collect(source);
    }

    Report collect(StorageSource storageSource) {
        long started = System.nanoTime();
        List<SpaceQuotas.Quota> spaces = quotas.running();
        Fanout.Outcome<Long> storage = storageSource.measure(spaces);
        List<String> slugs = spaces.stream().map(SpaceQuotas.Quota::slug).toList();
        Fanout.Outcome<Integer> accounts = Fanout.ask(
                slugs,
                settings.concurrency(),
                settings.deadline(),
                // No subtree yet (provisioning under way): unknown, not 0.
                slug -> subtrees.spaceReady(slug) ? members.countActive(slug) : null);

        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (int from = 0; from < spaces.size(); from += CHUNK) {
            List<SpaceQuotas.Quota> chunk = spaces.subList(from, Math.min(spaces.size(), from + CHUNK));
            transaction.executeWithoutResult(status -> write(chunk, storage.values(), accounts.values(), now));
        }
        int alertsSent = reviewAlerts(spaces);
        db.deleteFrom(SPACE_USAGE_DAY)
                .where(SPACE_USAGE_DAY.DAY.lt(now.toLocalDate().minusDays(settings.historyDays())))
                .execute();

        Report report = new Report(
                storageSource.name(),
                spaces.size(),
                storage.values().size(),
                storage.failures().size(),
                accounts.values().size(),
                accounts.failures().size(),
                alertsSent,
                (System.nanoTime() - started) / 1_000_000);
        log.info(
                "Usage collected from {}: {} spaces, storage of {} ({} failed), accounts of {} ({} failed), "
                        + "{} storage alert(s) sent, in {} ms",
                report.source(),
                report.spaces(),
                report.storageMeasured(),
                report.storageFailed(),
                report.accountsCounted(),
                report.accountsFailed(),
                report.alertsSent(),
                report.millis());
        logFailures("storage", storage.failures());
        logFailures("accounts", accounts.failures());
        return report;
    }

    private void write(
            List<SpaceQuotas.Quota> chunk,
            Map<String, Long> storage,
            Map<String, Integer> accounts,
            OffsetDateTime now) {
        LocalDate day = now.toLocalDate();
        var latest = db.insertInto(
                SPACE_USAGE,
                SPACE_USAGE.SPACE_ID,
                SPACE_USAGE.STORAGE_USED_BYTES,
                SPACE_USAGE.STORAGE_MEASURED_AT,
                SPACE_USAGE.ACCOUNTS_USED,
                SPACE_USAGE.ACCOUNTS_COUNTED_AT);
        var history = db.insertInto(
                SPACE_USAGE_DAY,
                SPACE_USAGE_DAY.SPACE_ID,
                SPACE_USAGE_DAY.DAY,
                SPACE_USAGE_DAY.STORAGE_USED_BYTES,
                SPACE_USAGE_DAY.ACCOUNTS_USED,
                SPACE_USAGE_DAY.MEASURED_AT);
        int rows = 0;
        for (SpaceQuotas.Quota space : chunk) {
            Long used = storage.get(space.slug());
            Integer people = accounts.get(space.slug());
            if (used == null && people == null) {
                continue;
            }
            latest = latest.values(
                    space.spaceId(), used, used == null ? null : now, people, people == null ? null : now);
            history = history.values(space.spaceId(), day, used, people, now);
            rows++;
        }
        if (rows == 0) {
            return;
        }
        // A figure missing this time keeps the one already known (unknown is never written over a number).
        latest.onConflict(SPACE_USAGE.SPACE_ID)
                .doUpdate()
                .set(
                        SPACE_USAGE.STORAGE_USED_BYTES,
                        DSL.coalesce(DSL.excluded(SPACE_USAGE.STORAGE_USED_BYTES), SPACE_USAGE.STORAGE_USED_BYTES))
                .set(
                        SPACE_USAGE.STORAGE_MEASURED_AT,
                        DSL.coalesce(DSL.excluded(SPACE_USAGE.STORAGE_MEASURED_AT), SPACE_USAGE.STORAGE_MEASURED_AT))
                .set(
                        SPACE_USAGE.ACCOUNTS_USED,
                        DSL.coalesce(DSL.excluded(SPACE_USAGE.ACCOUNTS_USED), SPACE_USAGE.ACCOUNTS_USED))
                .set(
                        SPACE_USAGE.ACCOUNTS_COUNTED_AT,
                        DSL.coalesce(DSL.excluded(SPACE_USAGE.ACCOUNTS_COUNTED_AT), SPACE_USAGE.ACCOUNTS_COUNTED_AT))
                .execute();
        history.onConflict(SPACE_USAGE_DAY.SPACE_ID, SPACE_USAGE_DAY.DAY)
                .doUpdate()
                .set(
                        SPACE_USAGE_DAY.STORAGE_USED_BYTES,
                        DSL.coalesce(
                                DSL.excluded(SPACE_USAGE_DAY.STORAGE_USED_BYTES), SPACE_USAGE_DAY.STORAGE_USED_BYTES))
                .set(
                        SPACE_USAGE_DAY.ACCOUNTS_USED,
                        DSL.coalesce(DSL.excluded(SPACE_USAGE_DAY.ACCOUNTS_USED), SPACE_USAGE_DAY.ACCOUNTS_USED))
                .set(SPACE_USAGE_DAY.MEASURED_AT, DSL.excluded(SPACE_USAGE_DAY.MEASURED_AT))
                .execute();
    }

    /**
     * Only the spaces whose level differs from the one last told are reviewed (each under its own lock and
     * transaction): usually a handful, whatever the fleet's size.
     */
    private int reviewAlerts(List<SpaceQuotas.Quota> spaces) {
        Map<Long, SpaceQuotas.Quota> byId =
                spaces.stream().collect(Collectors.toMap(SpaceQuotas.Quota::spaceId, space -> space));
        List<SpaceQuotas.Quota> changed = new ArrayList<>();
        db.select(SPACE_USAGE.SPACE_ID, SPACE_USAGE.STORAGE_USED_BYTES, SPACE_USAGE.ALERT_LEVEL)
                .from(SPACE_USAGE)
                .where(SPACE_USAGE.STORAGE_USED_BYTES.isNotNull())
                .forEach(row -> {
                    SpaceQuotas.Quota space = byId.get(row.value1());
                    if (space != null && StorageAlerts.level(row.value2(), space.storageBytes()) != row.value3()) {
                        changed.add(space);
                    }
                });
        int sent = 0;
        for (SpaceQuotas.Quota space : changed) {
            try {
                sent += alerts.review(space) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn(
                        "The storage alert of space {} could not be handled; the next run tries again: {}",
                        space.slug(),
                        Fanout.describe(e));
            }
        }
        return sent;
    }

    private static void logFailures(String what, Map<String, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        String examples = failures.entrySet().stream()
                .limit(5)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        log.warn("No {} figure this time for {} space(s), e.g. {}", what, failures.size(), examples);
    }
}
