package org.essaim.web;

import org.essaim.security.SecretToken;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.essaim.db.Tables.RATE_LIMIT_WINDOW;

/**
 * Counts attempts per key in fixed one-hour windows, in PostgreSQL so that every replica sees the same count.
 * Keys are hashed: the table holds no address in clear. One upsert per attempt; a limit of 0 turns a check off.
 */
@Service
public class RateLimit {

    private final DSLContext db;
    private final Clock clock;

    RateLimit(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** One thing to count: what is counted ({@code kind}), for whom ({@code key}), and how many an hour allows. */
    public record Count(String kind, String key, int perHour) {

        String bucket() {
            return kind + ":" + SecretToken.hash(key).substring(0, 40);
        }
    }

    /**
     * Counts one attempt for {@code kind}/{@code key} and says whether it is within {@code perHour}. Runs in the
     * caller's transaction when there is one (so an attempt that is rolled back does not count), else on its own.
     */
    public boolean allow(String kind, String key, int perHour) {
        return allow(List.of(new Count(kind, key, perHour)));
    }

    /** Counts several things in one statement; true when every one is within its limit. */
    public boolean allow(List<Count> counts) {
        List<Count> limited =
                counts.stream().filter(count -> count.perHour() > 0).toList();
        if (limited.isEmpty()) {
            return true;
        }
        OffsetDateTime window =
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        var insert = db.insertInto(
                RATE_LIMIT_WINDOW, RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.WINDOW_START, RATE_LIMIT_WINDOW.HITS);
        Map<String, Integer> limits = new HashMap<>();
        for (Count count : limited) {
            insert = insert.values(count.bucket(), window, 1);
            limits.put(count.bucket(), count.perHour());
        }
        Map<String, Integer> hits = insert.onConflict(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.WINDOW_START)
                .doUpdate()
                .set(RATE_LIMIT_WINDOW.HITS, RATE_LIMIT_WINDOW.HITS.plus(1))
                .returning(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.HITS)
                .fetchMap(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.HITS);
        return limits.entrySet().stream()
                .allMatch(limit -> hits.getOrDefault(limit.getKey(), Integer.MAX_VALUE) <= limit.getValue());
    }

    /** Whether every count is still under its limit in this window, without counting anything; one statement. */
    public boolean within(List<Count> counts) {
        List<Count> limited =
                counts.stream().filter(count -> count.perHour() > 0).toList();
        if (limited.isEmpty()) {
            return true;
        }
        OffsetDateTime window =
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        Map<String, Integer> limits = new HashMap<>();
        limited.forEach(count -> limits.put(count.bucket(), count.perHour()));
        Map<String, Integer> hits = db.select(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.HITS)
                .from(RATE_LIMIT_WINDOW)
                .where(RATE_LIMIT_WINDOW.BUCKET.in(limits.keySet()))
                .and(RATE_LIMIT_WINDOW.WINDOW_START.eq(window))
                .fetchMap(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.HITS);
        return limits.entrySet().stream().allMatch(limit -> hits.getOrDefault(limit.getKey(), 0) < limit.getValue());
    }

    /** How many attempts were counted for {@code kind}/{@code key} in this window (0 when none). */
    public int hits(String kind, String key) {
        Integer hits = db.select(RATE_LIMIT_WINDOW.HITS)
                .from(RATE_LIMIT_WINDOW)
                .where(RATE_LIMIT_WINDOW.BUCKET.eq(new Count(kind, key, 0).bucket()))
                .and(RATE_LIMIT_WINDOW.WINDOW_START.eq(currentWindow()))
                .fetchOne(RATE_LIMIT_WINDOW.HITS);
        return hits == null ? 0 : hits;
    }

    /** Seconds until the current window ends and its counts stop mattering (at least 1): for Retry-After. */
    public long secondsLeftInWindow() {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        long left = Duration.between(now, currentWindow().plusHours(1)).toSeconds();
        return Math.max(1, left);
    }

    private OffsetDateTime currentWindow() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    }

    /** Drops every window counted for {@code kind}/{@code key} (the key's owner asked to be forgotten). */
    public int forget(String kind, String key) {
        return db.deleteFrom(RATE_LIMIT_WINDOW)
                .where(RATE_LIMIT_WINDOW.BUCKET.eq(new Count(kind, key, 0).bucket()))
                .execute();
    }

    /** Drops windows that no longer count. */
    public int forgetOldWindows() {
        OffsetDateTime before = OffsetDateTime.now(clock).minusHours(2);
        return db.deleteFrom(RATE_LIMIT_WINDOW)
                .where(RATE_LIMIT_WINDOW.WINDOW_START.lt(before))
                .execute();
    }
}
