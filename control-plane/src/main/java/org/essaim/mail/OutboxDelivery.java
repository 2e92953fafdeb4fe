package org.essaim.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.essaim.db.tables.records.MailOutboxRecord;
import org.essaim.platform.EssaimProperties;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * Sends what the outbox holds. Each run locks a batch of due messages ({@code for update skip locked}) so that
 * several control-plane replicas never send the same message twice; a failure reschedules the message with
 * exponential back-off and keeps it. With no SMTP server configured, each message is printed to the log once,
 * links included, and stays in the outbox.
 */
@Component
public class OutboxDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(6);

    private final DSLContext db;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final Clock clock;
    private final EssaimProperties.Mail settings;

    OutboxDelivery(DSLContext db, ObjectProvider<JavaMailSender> mailSender, Clock clock, EssaimProperties properties) {
        this.db = db;
        this.mailSender = mailSender;
        this.clock = clock;
        this.settings = properties.mail();
    }

    /** Delivers (or, without SMTP, prints) one batch of due messages; returns how many were handled. */
    @Transactional
    public int deliverDueMessages() {
        JavaMailSender sender = mailSender.getIfAvailable();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<MailOutboxRecord> due = db.selectFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.SENT_AT.isNull())
                .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .and(sender == null ? MAIL_OUTBOX.LOGGED_AT.isNull() : DSL.noCondition())
                .orderBy(MAIL_OUTBOX.NEXT_ATTEMPT_AT, MAIL_OUTBOX.ID)
                .limit(settings.batchSize())
                .forUpdate()
                .skipLocked()
                .fetch();
        for (MailOutboxRecord message : due) {
            if (sender == null) {
                printToLog(message);
                message.setLoggedAt(now);
                // Without SMTP the log is the delivery: as after a send, the text (and the one-time links in it,
                // whose tokens are otherwise only stored hashed) is not kept in the database.
                message.setBody("");
            } else {
                send(sender, message, now);
            }
            message.store();
        }
        return due.size();
    }

    private void printToLog(MailOutboxRecord message) {
        log.info("""
                No SMTP server is configured (spring.mail.host); this email stays in the outbox and is shown here instead.
                To: {}
                Subject: {}

                {}""", message.getRecipient(), message.getSubject(), message.getBody());
    }

    private void send(JavaMailSender sender, MailOutboxRecord message, OffsetDateTime now) {
        try {
            MimeMessage mime = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
            helper.setFrom(new InternetAddress(settings.from()));
            helper.setTo(message.getRecipient());
            helper.setSubject(message.getSubject());
            helper.setText(message.getBody(), false);
            sender.send(mime);
            message.setSentAt(now);
            message.setLastError(null);
            // Once sent, the text is not kept: it may carry one-time links whose tokens are otherwise only hashed.
            message.setBody("");
        } catch (MailException | MessagingException e) {
            int attempts = message.getAttempts() + 1;
            Duration wait = backOff(attempts);
            message.setAttempts(attempts);
            message.setNextAttemptAt(now.plus(wait));
            message.setLastError(truncate(e.getClass().getSimpleName() + ": " + e.getMessage(), 1000));
            log.warn(
                    "Email {} could not be sent (attempt {}), next try in {}: {}",
                    message.getId(),
                    attempts,
                    wait,
                    e.getMessage());
        }
    }

    int batchSize() {
        return settings.batchSize();
    }

    /** 30 s, 1 min, 2 min, ... up to 6 h between attempts; a message is never dropped. */
    static Duration backOff(int attempts) {
        int doublings = Math.min(attempts - 1, 20);
        Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }
}
