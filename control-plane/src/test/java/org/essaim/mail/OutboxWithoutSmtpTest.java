package org.essaim.mail;

import org.essaim.testing.EssaimTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/** The local default: no SMTP server, so each message is printed once, links included, and kept. */
@EssaimTest
@ExtendWith(OutputCaptureExtension.class)
class OutboxWithoutSmtpTest {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxDelivery delivery;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DSLContext db;

    /** Other test classes leave unsent messages in the shared outbox: park them, so the batch holds this test's. */
    @BeforeEach
    void parkOtherTestsMessages() {
        db.update(MAIL_OUTBOX).set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, java.time.OffsetDateTime.now().plusYears(1))
                .where(MAIL_OUTBOX.SENT_AT.isNull()).execute();
    }

    @Test
    void theMessageIsPrintedToTheLogOnceAndStaysInTheOutbox(CapturedOutput output) {
        String recipient = "member-" + UUID.randomUUID() + "@example.org";
        String link = "http://localhost:8080/join/" + UUID.randomUUID();
        long id = transaction.execute(status -> outbox.enqueue(recipient, Locale.ENGLISH, "staff-test",
                Map.of("staff", "admin", "link", link)));

        delivery.deliverDueMessages();
        delivery.deliverDueMessages();

        String log = output.getOut();
        assertThat(log).contains("To: " + recipient).contains("Subject: Essaim test message").contains(link);
        assertThat(log.split(java.util.regex.Pattern.quote("To: " + recipient), -1)).as("printed once").hasSize(2);
        var row = db.selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.ID.eq(id)).fetchSingle();
        assertThat(row.getSentAt()).isNull();
        assertThat(row.getLoggedAt()).isNotNull();
        assertThat(outbox.pendingCount()).isPositive();
    }
}
