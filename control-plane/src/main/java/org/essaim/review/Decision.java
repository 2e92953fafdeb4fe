package org.essaim.review;

import org.essaim.application.ApplicationState;
import org.essaim.audit.AuditAction;

/** What a reviewer decides: approve, reject, or defer to the next campaign (eligible, not taken now). */
public enum Decision {
    APPROVE(ApplicationState.APPROVED, AuditAction.APPLICATION_APPROVED, "application-approved"),
    REJECT(ApplicationState.REJECTED, AuditAction.APPLICATION_REJECTED, "application-rejected"),
    DEFER(ApplicationState.DEFERRED, AuditAction.APPLICATION_DEFERRED, "application-deferred");

    private final ApplicationState outcome;
    private final AuditAction auditAction;
    private final String mailTemplate;

    Decision(ApplicationState outcome, AuditAction auditAction, String mailTemplate) {
        this.outcome = outcome;
        this.auditAction = auditAction;
        this.mailTemplate = mailTemplate;
    }

    public ApplicationState outcome() {
        return outcome;
    }

    AuditAction auditAction() {
        return auditAction;
    }

    String mailTemplate() {
        return mailTemplate;
    }

    public String messageKey() {
        return "review.decision." + name();
    }
}
