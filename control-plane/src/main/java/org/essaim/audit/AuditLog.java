package org.essaim.audit;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.essaim.db.Tables.AUDIT_EVENT;

/**
 * Every state change by staff or space admins, with the actor and the time. Written in the caller's
 * transaction, so a change and its record land together or not at all.
 */
@Service
public class AuditLog {

    /** The actor of what Essaim does by itself (first start, scheduled jobs). */
    public static final String SYSTEM_ACTOR = "essaim";
    private static final int DETAIL_LIMIT = 2000;

    private final DSLContext db;
    private final Clock clock;

    AuditLog(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(String actor, AuditAction action, String target, String detail) {
        db.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.OCCURRED_AT, OffsetDateTime.now(clock))
                .set(AUDIT_EVENT.ACTOR, actor)
                .set(AUDIT_EVENT.ACTION, action.code())
                .set(AUDIT_EVENT.TARGET, target)
                .set(AUDIT_EVENT.DETAIL, detail == null || detail.length() <= DETAIL_LIMIT
                        ? detail : detail.substring(0, DETAIL_LIMIT))
                .execute();
    }

    public List<AuditEvent> latest(int limit) {
        return db.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(r -> new AuditEvent(r.getOccurredAt().withOffsetSameInstant(ZoneOffset.UTC), r.getActor(),
                        r.getAction(), r.getTarget(), r.getDetail()));
    }

    /** One entry; {@code occurredAt} in UTC. */
    public record AuditEvent(OffsetDateTime occurredAt, String actor, String action, String target, String detail) {

        public boolean bySystem() {
            return SYSTEM_ACTOR.equals(actor);
        }

        public String messageKey() {
            return "audit.action." + action;
        }
    }
}
