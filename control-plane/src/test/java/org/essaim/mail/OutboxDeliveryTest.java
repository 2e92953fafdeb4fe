package org.essaim.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.essaim.db.tables.records.MailOutboxRecord;
import org.essaim.testing.EssaimTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/** The outbox against a real SMTP server (GreenMail) that the test starts and stops. */
@EssaimTest
class OutboxDeliveryTest {

    private static final int SMTP_PORT = freePort();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
        registry.add("spring.mail.properties.mail.smtp.timeout", () -> "2000");
    }

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxDelivery delivery;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DSLContext db;

    @Autowired
    Scheduler scheduler;

    private GreenMail smtp;

    /**
     * Other test classes leave their unsent messages in the run's shared outbox (applications, decisions...); park
     * them a year ahead so that each batch here holds this test's own messages.
     */
    @BeforeEach
    void parkOtherTestsMessages() {
        db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().plusYears(1))
                .where(MAIL_OUTBOX.SENT_AT.isNull())
                .execute();
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aMessageStoredWithItsChangeIsDeliveredInTheRecipientsLanguage() throws Exception {
        startSmtp();
        String recipient = uniqueRecipient();
        long id = enqueue(recipient, Locale.FRENCH);

        delivery.deliverDueMessages();

        MimeMessage received = receivedBy(recipient).getFirst();
        assertThat(received.getSubject()).isEqualTo("Message de test d’Essaim");
        assertThat(received.getContent().toString()).contains("Bonjour,").contains("http://localhost/staff");
        assertThat(row(id).getSentAt()).isNotNull();
        assertThat(row(id).getBody())
                .as("a sent message's text, which may hold one-time links, is dropped")
                .isEmpty();
    }

    @Test
    void aMessageWhoseChangeRolledBackIsNeverStoredNorSent() {
        String recipient = uniqueRecipient();
        transaction.executeWithoutResult(status -> {
            enqueueInCurrentTransaction(recipient, Locale.ENGLISH);
            status.setRollbackOnly();
        });

        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(recipient)))
                .isZero();
    }

    @Test
    void enqueueingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> enqueueInCurrentTransaction(uniqueRecipient(), Locale.ENGLISH))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void anSmtpOutageDelaysTheMessageWithBackOffAndNeverLosesIt() throws Exception {
        String recipient = uniqueRecipient();
        long id = enqueue(recipient, Locale.ENGLISH);

        OffsetDateTime before = OffsetDateTime.now();
        delivery.deliverDueMessages(); // no SMTP server listening

        MailOutboxRecord failed = row(id);
        assertThat(failed.getSentAt()).isNull();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getLastError()).isNotBlank();
        assertThat(failed.getNextAttemptAt())
                .isAfterOrEqualTo(before.plus(OutboxDelivery.FIRST_RETRY).minusSeconds(1));

        startSmtp();
        delivery.deliverDueMessages();
        assertThat(receivedBy(recipient))
                .as("not due yet: the back-off is respected")
                .isEmpty();

        // Time passes: the retry becomes due.
        db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().minusSeconds(1))
                .where(MAIL_OUTBOX.ID.eq(id))
                .execute();
        delivery.deliverDueMessages();

        assertThat(receivedBy(recipient)).hasSize(1);
        assertThat(row(id).getSentAt()).isNotNull();
        delivery.deliverDueMessages();
        assertThat(receivedBy(recipient)).as("sent once, not twice").hasSize(1);
    }

    @Test
    void theClusteredQuartzJobDeliversTheOutbox() throws Exception {
        startSmtp();
        String recipient = uniqueRecipient();
        enqueue(recipient, Locale.ENGLISH);

        scheduler.triggerJob(new JobKey("outbox-delivery", "mail"));

        assertThat(smtp.waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 1))
                .isTrue();
        assertThat(awaitReceivedBy(recipient)).hasSize(1);
    }

    @Test
    void backOffDoublesUpToSixHours() {
        assertThat(OutboxDelivery.backOff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutboxDelivery.backOff(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(OutboxDelivery.backOff(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(OutboxDelivery.backOff(40)).isEqualTo(Duration.ofHours(6));
    }

    private long enqueue(String recipient, Locale locale) {
        return transaction.execute(status -> enqueueInCurrentTransaction(recipient, locale));
    }

    private long enqueueInCurrentTransaction(String recipient, Locale locale) {
        return outbox.enqueue(
                recipient, locale, "staff-test", Map.of("staff", "admin", "link", "http://localhost/staff"));
    }

    private MailOutboxRecord row(long id) {
        return db.selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.ID.eq(id)).fetchSingle();
    }

    private List<MimeMessage> receivedBy(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> {
                    try {
                        return message.getAllRecipients()[0].toString().equals(recipient);
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private List<MimeMessage> awaitReceivedBy(String recipient) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receivedBy(recipient).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return receivedBy(recipient);
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private static String uniqueRecipient() {
        return "member-" + UUID.randomUUID() + "@example.org";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
