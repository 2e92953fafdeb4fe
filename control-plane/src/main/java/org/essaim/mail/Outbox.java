package org.essaim.mail;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * The one way to send mail. {@link #enqueue} stores the rendered message in the caller's transaction; the
 * {@link OutboxDelivery} job sends it after that transaction committed. A message whose change rolled back is
 * never sent; a message whose SMTP server is down waits and is retried.
 */
@Service
public class Outbox {

    private final DSLContext db;
    private final MailTemplates templates;
    private final Clock clock;

    Outbox(DSLContext db, MailTemplates templates, Clock clock) {
        this.db = db;
        this.templates = templates;
        this.clock = clock;
    }

    /** Must run inside the transaction of the change that causes the message. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long enqueue(String recipient, Locale locale, String template, Map<String, Object> variables) {
        MailTemplates.RenderedMail mail = templates.render(template, locale, variables);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.insertInto(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.CREATED_AT, now)
                .set(MAIL_OUTBOX.RECIPIENT, recipient)
                .set(MAIL_OUTBOX.LOCALE, locale.toLanguageTag())
                .set(MAIL_OUTBOX.TEMPLATE, template)
                .set(MAIL_OUTBOX.SUBJECT, mail.subject())
                .set(MAIL_OUTBOX.BODY, mail.body())
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now)
                .returning(MAIL_OUTBOX.ID)
                .fetchOne(MAIL_OUTBOX.ID);
    }

    /**
     * Deletes the messages to {@code recipient} written before {@code createdBefore} and already delivered (sent, or
     * printed to the log without SMTP): their subject and text name the recipient's application. Messages still
     * waiting are kept, so that nothing due is lost. Returns how many were deleted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forgetDelivered(String recipient, OffsetDateTime createdBefore) {
        return db.deleteFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
                .and(MAIL_OUTBOX.CREATED_AT.lt(createdBefore))
                .and(MAIL_OUTBOX.SENT_AT.isNotNull().or(MAIL_OUTBOX.LOGGED_AT.isNotNull()))
                .execute();
    }

    /** Where a message is: waiting for its first try, retried after failures, sent, or printed to the log. */
    public enum Delivery {
        QUEUED,
        RETRYING,
        SENT,
        LOGGED
    }

    /** A message as its recipient may see it listed: never its text. */
    public record Message(
            OffsetDateTime createdAt,
            String template,
            String subject,
            Delivery delivery,
            OffsetDateTime deliveredAt,
            int attempts) {}

    /**
     * The messages written to any of {@code recipients} (exact spellings, the index's), newest first. The text is not
     * read: once sent it is not even kept, and before that it may carry one-time links.
     */
    public List<Message> to(Collection<String> recipients, int limit) {
        return db.select(
                        MAIL_OUTBOX.CREATED_AT,
                        MAIL_OUTBOX.TEMPLATE,
                        MAIL_OUTBOX.SUBJECT,
                        MAIL_OUTBOX.SENT_AT,
                        MAIL_OUTBOX.LOGGED_AT,
                        MAIL_OUTBOX.ATTEMPTS)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.in(recipients))
                .orderBy(MAIL_OUTBOX.CREATED_AT.desc(), MAIL_OUTBOX.ID.desc())
                .limit(limit)
                .fetch(r -> {
                    Delivery delivery = r.value4() != null
                            ? Delivery.SENT
                            : r.value5() != null
                                    ? Delivery.LOGGED
                                    : r.value6() > 0 ? Delivery.RETRYING : Delivery.QUEUED;
                    return new Message(
                            r.value1(),
                            r.value2(),
                            r.value3(),
                            delivery,
                            r.value4() != null ? r.value4() : r.value5(),
                            r.value6());
                });
    }

    /** Messages not yet delivered, for the staff console and health. */
    public int pendingCount() {
        return db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.SENT_AT.isNull());
    }
}
