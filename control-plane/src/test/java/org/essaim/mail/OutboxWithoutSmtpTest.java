package org.essaim.mail;

import org.essaim.testing.EssaimTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * Without SMTP (the local default), each message is printed to the log, links included, and its text is then not
 * kept in the outbox: a one-time link stays in clear only as long as it takes to hand it out (issue 12, item 10).
 */
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

    @Test
    void aLoggedMessageLeavesNoLinkInTheDatabase(CapturedOutput output) {
        // Other classes' unsent messages wait a year, so that this batch holds this test's message.
        db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().plusYears(1))
                .where(MAIL_OUTBOX.SENT_AT.isNull())
                .and(MAIL_OUTBOX.LOGGED_AT.isNull())
                .execute();
        String link = "http://localhost/password/link/" + UUID.randomUUID();
        long id = transaction.execute(status -> outbox.enqueue(
                "nosmtp-" + UUID.randomUUID() + "@example.org",
                Locale.ENGLISH,
                "staff-test",
                Map.of("staff", "admin", "link", link)));
        assertThat(db.fetchValue(MAIL_OUTBOX.BODY, MAIL_OUTBOX.ID.eq(id))).contains(link);

        delivery.deliverDueMessages();

        assertThat(output.getOut()).contains(link);
        var row = db.selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.ID.eq(id)).fetchSingle();
        assertThat(row.getLoggedAt()).isNotNull();
        assertThat(row.getBody()).as("printed, then not kept").isEmpty();
        assertThat(row.getSubject()).isNotBlank();
    }
}
