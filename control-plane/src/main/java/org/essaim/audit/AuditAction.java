package org.essaim.audit;

/**
 * What can land in the audit log. Each has a label in both languages ({@code audit.action.<code>}), checked by a
 * test, so the staff read "First staff account created", not a code.
 */
public enum AuditAction {
    STAFF_CREATED("staff.created"),
    MAIL_TEST_SENT("mail.test-sent");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String messageKey() {
        return "audit.action." + code;
    }
}
