package org.essaim.privacy;

import org.essaim.application.ApplicationErasure;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.campaign.CampaignSubscribers;
import org.essaim.mail.Outbox;
import org.essaim.review.ReviewNotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Erases the personal data of rejected, withdrawn and expired applications once they ended longer ago than the
 * retention period, with every copy Essaim keeps of it: the application's fields and flags, the reviewers' notes,
 * the details of its audit entries (a decision's reason), the delivered emails to its contact address and that
 * address's old "tell me" subscription and per-hour counts. Each application is erased in its own transaction with
 * an audit entry saying so, without the data. Approved applications keep theirs (they name a space's referent).
 */
@Service
public class ApplicationRetention {

    private static final Logger log = LoggerFactory.getLogger(ApplicationRetention.class);
    static final int BATCH = 200;

    private final ApplicationErasure applications;
    private final ReviewNotes notes;
    private final AuditLog auditLog;
    private final Outbox outbox;
    private final CampaignSubscribers subscribers;
    private final TransactionTemplate transaction;
    private final PrivacySettings settings;
    private final Clock clock;

    ApplicationRetention(
            ApplicationErasure applications,
            ReviewNotes notes,
            AuditLog auditLog,
            Outbox outbox,
            CampaignSubscribers subscribers,
            TransactionTemplate transaction,
            PrivacySettings settings,
            Clock clock) {
        this.applications = applications;
        this.notes = notes;
        this.auditLog = auditLog;
        this.outbox = outbox;
        this.subscribers = subscribers;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** Erases every application past its retention; returns how many were erased. */
    public int eraseDue() {
        OffsetDateTime endedBefore = OffsetDateTime.now(clock).minus(settings.applicationRetention());
        int erased = 0;
        List<Long> due = applications.due(endedBefore, BATCH);
        while (!due.isEmpty()) {
            int erasedInBatch = 0;
            for (long id : due) {
                if (Boolean.TRUE.equals(transaction.execute(status -> erase(id, endedBefore)))) {
                    erasedInBatch++;
                }
            }
            erased += erasedInBatch;
            if (erasedInBatch == 0) {
                break; // every one was taken by another replica's run or changed meanwhile
            }
            due = applications.due(endedBefore, BATCH);
        }
        if (erased > 0) {
            log.info(
                    "Personal data of {} ended application(s) erased after the retention period of {}",
                    erased,
                    settings.applicationRetention());
        }
        return erased;
    }

    private boolean erase(long id, OffsetDateTime endedBefore) {
        return applications
                .erase(id, endedBefore)
                .map(erased -> {
                    notes.forget(id);
                    auditLog.clearDetails(erased.target());
                    if (!erased.contactEmail().isEmpty()) {
                        outbox.forgetDelivered(erased.contactEmail(), endedBefore);
                        subscribers.forget(erased.contactEmail(), endedBefore);
                    }
                    auditLog.record(
                            AuditLog.SYSTEM_ACTOR,
                            AuditAction.APPLICATION_ERASED,
                            erased.target(),
                            AuditDetail.APPLICATION_ERASED,
                            settings.applicationRetention().toDays());
                    return true;
                })
                .orElse(false);
    }
}
