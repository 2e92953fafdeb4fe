package org.essaim.web;

import org.essaim.security.SecretToken;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

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

    /**
     * Counts one attempt for {@code kind}/{@code key} and says whether it is within {@code perHour}. Runs in the
     * caller's transaction when there is one (so an attempt that is rolled back does not count), else on its own.
     */
    public boolean allow(String kind, String key, int perHour) {
        if (perHour <= 0) {
            return true;
        }
        String bucket = kind + ":" + SecretToken.hash(key).substring(0, 40);
        OffsetDateTime window = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        Integer hits = db.insertInto(RATE_LIMIT_WINDOW)
                .set(RATE_LIMIT_WINDOW.BUCKET, bucket)
                .set(RATE_LIMIT_WINDOW.WINDOW_START, window)
                .set(RATE_LIMIT_WINDOW.HITS, 1)
                .onConflict(RATE_LIMIT_WINDOW.BUCKET, RATE_LIMIT_WINDOW.WINDOW_START)
                .doUpdate().set(RATE_LIMIT_WINDOW.HITS, RATE_LIMIT_WINDOW.HITS.plus(1))
                .returning(RATE_LIMIT_WINDOW.HITS)
                .fetchOne(RATE_LIMIT_WINDOW.HITS);
        return hits != null && hits <= perHour;
    }

    /** Drops windows that no longer count. */
    public int forgetOldWindows() {
        OffsetDateTime before = OffsetDateTime.now(clock).minusHours(2);
        return db.deleteFrom(RATE_LIMIT_WINDOW).where(RATE_LIMIT_WINDOW.WINDOW_START.lt(before)).execute();
    }
}
