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

    /**
     * Drops the details of every entry about {@code target}, in the caller's transaction, keeping who did what and
     * when: a decision's reason, for one, may name people. Returns how many entries had details.
     */
    public int clearDetails(String target) {
        return db.update(AUDIT_EVENT).setNull(AUDIT_EVENT.DETAIL)
                .where(AUDIT_EVENT.TARGET.eq(target)).and(AUDIT_EVENT.DETAIL.isNotNull())
                .execute();
    }

    public List<AuditEvent> latest(int limit) {
        return db.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /** What happened to one thing ({@code application:12}), oldest first. */
    public List<AuditEvent> forTarget(String target, int limit) {
        return db.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.TARGET.eq(target))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /**
     * A page of the log, newest first, filtered by action, actor (exact) and target (exact, or a prefix such as
     * {@code application:}); {@code beforeId} continues from a previous page.
     */
    public List<AuditEvent> search(AuditAction action, String actor, String target, Long beforeId, int limit) {
        org.jooq.Condition condition = org.jooq.impl.DSL.noCondition();
        if (action != null) {
            condition = condition.and(AUDIT_EVENT.ACTION.eq(action.code()));
        }
        if (actor != null && !actor.isBlank()) {
            condition = condition.and(AUDIT_EVENT.ACTOR.eq(actor.strip()));
        }
        if (target != null && !target.isBlank()) {
            String wanted = target.strip();
            condition = condition.and(wanted.endsWith(":")
                    ? AUDIT_EVENT.TARGET.startsWith(wanted) : AUDIT_EVENT.TARGET.eq(wanted));
        }
        if (beforeId != null) {
            condition = condition.and(AUDIT_EVENT.ID.lt(beforeId));
        }
        return db.selectFrom(AUDIT_EVENT).where(condition)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /**
     * Entries about {@code target} whose detail names {@code word} as a whole (an address or a uid: {@code cam}
     * does not match {@code camille} nor {@code cam@example.org}), newest first. Case is ignored, as in addresses.
     */
    public List<AuditEvent> naming(String target, String word, int limit) {
        String wordRegex = word.replaceAll("[^A-Za-z0-9]", "\\\\$0");
        String outside = "[^A-Za-z0-9._@+-]";
        return db.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.TARGET.eq(target))
                .and(org.jooq.impl.DSL.condition("{0} ~* {1}", AUDIT_EVENT.DETAIL,
                        org.jooq.impl.DSL.val("(^|" + outside + ")" + wordRegex + "($|" + outside + ")")))
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::event);
    }

    private static AuditEvent event(org.essaim.db.tables.records.AuditEventRecord r) {
        return new AuditEvent(r.getId(), r.getOccurredAt().withOffsetSameInstant(ZoneOffset.UTC), r.getActor(),
                r.getAction(), r.getTarget(), r.getDetail());
    }

    /** One entry; {@code occurredAt} in UTC. */
    public record AuditEvent(long id, OffsetDateTime occurredAt, String actor, String action, String target,
                             String detail) {

        public boolean bySystem() {
            return SYSTEM_ACTOR.equals(actor);
        }

        public String messageKey() {
            return "audit.action." + action;
        }

        /** The language of the detail when Essaim composed it ("en"), or null when a person wrote it. */
        public String detailLanguage() {
            return detail != null && AuditAction.fromCode(action).filter(AuditAction::detailComposedInEnglish)
                    .isPresent() ? "en" : null;
        }
    }
}
