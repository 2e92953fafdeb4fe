package org.essaim.review;

import org.essaim.application.Applications;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.StaffAccounts;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Objects;

/** Who reviews what: any staff account, or nobody. */
@Service
public class Assignments {

    public static final String ASSIGNEE = "assignee";

    private final Applications applications;
    private final StaffAccounts staffAccounts;
    private final AuditLog auditLog;

    Assignments(Applications applications, StaffAccounts staffAccounts, AuditLog auditLog) {
        this.applications = applications;
        this.staffAccounts = staffAccounts;
        this.auditLog = auditLog;
    }

    /** {@code reviewer} blank means nobody. An unknown account is refused on the field {@code assignee}. */
    @Transactional
    public void assign(long applicationId, String reviewer, String actor) {
        String uid = reviewer == null || reviewer.isBlank() ? null : reviewer.strip();
        if (uid != null
                && (uid.length() > 64
                        || !uid.matches("[a-z0-9][a-z0-9._-]*")
                        || staffAccounts.find(uid).isEmpty())) {
            throw new InvalidInputException(FieldProblem.of(ASSIGNEE, "review.error.unknownReviewer"));
        }
        String previous = applications.assign(applicationId, uid);
        if (!Objects.equals(previous, uid)) {
            auditLog.record(
                    actor,
                    AuditAction.APPLICATION_ASSIGNED,
                    Applications.target(applicationId),
                    uid == null ? AuditDetail.APPLICATION_UNASSIGNED : AuditDetail.APPLICATION_ASSIGNED_TO,
                    uid == null ? "" : uid);
        }
    }
}
