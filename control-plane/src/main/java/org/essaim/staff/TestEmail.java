package org.essaim.staff;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.mail.Outbox;
import org.essaim.platform.EssaimProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Locale;
import java.util.Map;

/** Staff can send themselves a message to check the mail path end to end (outbox, job, SMTP). */
@Service
class TestEmail {

    private final Outbox outbox;
    private final AuditLog auditLog;
    private final String publicUrl;

    TestEmail(Outbox outbox, AuditLog auditLog, EssaimProperties properties) {
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.publicUrl = properties.publicUrl().toString();
    }

    @Transactional
    public void send(String staffUid, String recipient, Locale locale) {
        outbox.enqueue(recipient, locale, "staff-test", Map.of("staff", staffUid, "link", publicUrl + "/staff"));
        auditLog.record(staffUid, AuditAction.MAIL_TEST_SENT, "mail:" + recipient, null);
    }
}
