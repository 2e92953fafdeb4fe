package org.essaim.staff;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;

@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + StaffHomeTest.PASSWORD)
class StaffHomeTest {

    static final String PASSWORD = "staff-home-test-password";

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Test
    void staffQueueATestEmailAndTheActionIsAudited() {
        WebClient browser = new WebClient(port);
        browser.signIn("admin", PASSWORD);
        String recipient = "check-" + UUID.randomUUID() + "@example.org";

        HttpResponse<String> sent = browser.submit("/staff", "/staff/test-email", Map.of("email", recipient));

        assertThat(sent.statusCode()).isEqualTo(302);
        String console = browser.get("/staff", "Accept-Language", "en").body();
        assertThat(console)
                .contains("A test message to " + recipient + " is in the outbox")
                .contains("<td>Test email queued</td>")
                .contains("<td>Essaim (automatic)</td>")
                .contains("<td>Staff account created</td>");
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(recipient)))
                .isEqualTo(1);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTOR
                                .eq("admin")
                                .and(AUDIT_EVENT.ACTION.eq("mail.test-sent"))
                                .and(AUDIT_EVENT.TARGET.eq("mail:" + recipient))))
                .isEqualTo(1);
    }

    @Test
    void aBadAddressIsExplainedInTheStaffsLanguageAndNothingIsQueued() {
        WebClient browser = new WebClient(port);
        browser.signIn("admin", PASSWORD);
        String bad = "<script>alert(1)</script>@@" + UUID.randomUUID();
        browser.get("/staff?lang=fr");

        HttpResponse<String> refused = browser.submit("/staff", "/staff/test-email", Map.of("email", bad));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .contains("Saisissez une adresse électronique valide")
                .doesNotContain("<script>alert(1)</script>")
                .contains("&lt;script&gt;");
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(bad))).isZero();
    }
}
