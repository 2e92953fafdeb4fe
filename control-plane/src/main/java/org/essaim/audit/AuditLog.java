package org.essaim.audit;

import org.essaim.db.tables.records.AuditEventRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
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

    /**
     * Records an entry whose detail is words a person typed (a decision's reason), names (an address, a uid) or what
     * another system said, kept as they are; null for none. What Essaim composes itself goes through
     * {@link #record(String, AuditAction, String, AuditDetail, Object...)}, so that it is worded in each language.
     */
    public void record(String actor, AuditAction action, String target, String detail) {
        insert(
                actor,
                action,
                target,
                detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT),
                null,
                null);
    }

    /**
     * Records an entry whose detail Essaim composes: the wording's code and its arguments (kept as text: names,
     * counts, versions), worded in the reader's language when shown ({@link AuditWords}).
     */
    public void record(String actor, AuditAction action, String target, AuditDetail wording, Object... arguments) {
        String[] texts = new String[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            String text = String.valueOf(arguments[i]);
            texts[i] = text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT);
        }
        insert(actor, action, target, null, wording.code(), texts);
    }

    private void insert(
            String actor, AuditAction action, String target, String detail, String code, String[] arguments) {
        db.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.OCCURRED_AT, OffsetDateTime.now(clock))
                .set(AUDIT_EVENT.ACTOR, actor)
                .set(AUDIT_EVENT.ACTION, action.code())
                .set(AUDIT_EVENT.TARGET, target)
                .set(AUDIT_EVENT.DETAIL, detail)
                .set(AUDIT_EVENT.DETAIL_CODE, code)
                .set(AUDIT_EVENT.DETAIL_ARGUMENTS, arguments)
                .execute();
    }

    /**
     * Drops the details of every entry about {@code target}, in the caller's transaction, keeping who did what and
     * when: a decision's reason, for one, may name people. Returns how many entries had details.
     */
    public int clearDetails(String target) {
        return db.update(AUDIT_EVENT)
                .setNull(AUDIT_EVENT.DETAIL)
                .setNull(AUDIT_EVENT.DETAIL_CODE)
                .setNull(AUDIT_EVENT.DETAIL_ARGUMENTS)
                .where(AUDIT_EVENT.TARGET.eq(target))
                .and(AUDIT_EVENT.DETAIL.isNotNull().or(AUDIT_EVENT.DETAIL_CODE.isNotNull()))
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
        return db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.TARGET.eq(target))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /**
     * A page of the log, newest first, filtered by action, actor (exact) and target (exact, or a prefix such as
     * {@code application:}); {@code beforeId} continues from a previous page.
     */
    public List<AuditEvent> search(AuditAction action, String actor, String target, Long beforeId, int limit) {
        Condition condition = DSL.noCondition();
        if (action != null) {
            condition = condition.and(AUDIT_EVENT.ACTION.eq(action.code()));
        }
        if (actor != null && !actor.isBlank()) {
            condition = condition.and(AUDIT_EVENT.ACTOR.eq(actor.strip()));
        }
        if (target != null && !target.isBlank()) {
            String wanted = target.strip();
            condition = condition.and(
                    wanted.endsWith(":") ? AUDIT_EVENT.TARGET.startsWith(wanted) : AUDIT_EVENT.TARGET.eq(wanted));
        }
        if (beforeId != null) {
            condition = condition.and(AUDIT_EVENT.ID.lt(beforeId));
        }
        return db.selectFrom(AUDIT_EVENT)
                .where(condition)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /**
     * Entries about {@code target} whose detail names {@code word} as a whole (an address or a uid: {@code cam}
     * does not match {@code camille} nor {@code cam@example.org}), in its text or its wording's arguments, newest
     * first. Case is ignored, as in addresses.
     */
    public List<AuditEvent> naming(String target, String word, int limit) {
        String wordRegex = word.replaceAll("[^A-Za-z0-9]", "\\\\$0");
        String outside = "[^A-Za-z0-9._@+-]";
        return db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.TARGET.eq(target))
                .and(DSL.condition(
                        "coalesce({0}, array_to_string({1}, ' ')) ~* {2}",
                        AUDIT_EVENT.DETAIL,
                        AUDIT_EVENT.DETAIL_ARGUMENTS,
                        DSL.val("(^|" + outside + ")" + wordRegex + "($|" + outside + ")")))
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(AuditLog::event);
    }

    /** The entry a row of {@code audit_event} holds. */
    public static AuditEvent event(AuditEventRecord r) {
        return new AuditEvent(
                r.getId(),
                r.getOccurredAt().withOffsetSameInstant(ZoneOffset.UTC),
                r.getActor(),
                r.getAction(),
                r.getTarget(),
                r.getDetail(),
                r.getDetailCode(),
                r.getDetailArguments() == null ? List.of() : List.of(r.getDetailArguments()));
    }

    /**
     * One entry; {@code occurredAt} in UTC. Its detail is either {@code detail}, text kept as it was recorded, or
     * {@code detailCode} with {@code detailArguments}, to be worded in the reader's language ({@link AuditWords}).
     */
    public record AuditEvent(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            String target,
            String detail,
            String detailCode,
            List<String> detailArguments) {

        /** An entry with a detail kept as text (or none). */
        public AuditEvent(
                long id, OffsetDateTime occurredAt, String actor, String action, String target, String detail) {
            this(id, occurredAt, actor, action, target, detail, null, List.of());
        }

        public boolean hasDetail() {
            return detail != null || detailCode != null;
        }

        /** The detail's text or its wording's arguments, for finding whom an entry names. */
        public String searchable() {
            return detail != null ? detail : String.join(" ", detailArguments);
        }

        public boolean bySystem() {
            return SYSTEM_ACTOR.equals(actor);
        }

        public String messageKey() {
            return "audit.action." + action;
        }

        /**
         * "en" for a detail kept as text that Essaim composed in English (entries recorded before details were
         * worded per language, and what other systems answer in English), null otherwise: a worded detail is in the
         * page's language, and words a person typed are in theirs.
         */
        public String detailLanguage() {
            return detail != null
                            && detailCode == null
                            && AuditAction.fromCode(action)
                                    .filter(AuditAction::detailTextInEnglish)
                                    .isPresent()
                    ? "en"
                    : null;
        }
    }
}
