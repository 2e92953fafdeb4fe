package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff may read a space's API for support (its members, its usage, an import's preview); each such read is
 * audited, in a transaction of its own since a read opens none.
 */
@Service
public class SupportReads {

    private final AuditLog auditLog;

    SupportReads(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** Records that {@code staff} read {@code what} of the space {@code slug}. */
    @Transactional
    public void record(String staff, String slug, AuditDetail what) {
        auditLog.record(staff, AuditAction.SPACE_SUPPORT_READ, Invitations.target(slug), what);
    }
}
