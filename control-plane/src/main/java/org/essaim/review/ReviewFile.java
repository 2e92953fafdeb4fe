package org.essaim.review;

import org.essaim.application.ApplicationDetails;
import org.essaim.application.ApplicationState;
import org.essaim.application.Applications;
import org.essaim.audit.AuditLog;
import org.essaim.campaign.Campaign;
import org.essaim.campaign.Campaigns;
import org.essaim.space.Space;
import org.essaim.space.SpaceRegistry;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/** Everything a reviewer needs about one application, gathered from the features that own each part. */
@Service
public class ReviewFile {

    private final Applications applications;
    private final Flagging flagging;
    private final ReviewNotes notes;
    private final Campaigns campaigns;
    private final SpaceRegistry spaces;
    private final AuditLog auditLog;
    private final Clock clock;

    ReviewFile(
            Applications applications,
            Flagging flagging,
            ReviewNotes notes,
            Campaigns campaigns,
            SpaceRegistry spaces,
            AuditLog auditLog,
            Clock clock) {
        this.applications = applications;
        this.flagging = flagging;
        this.notes = notes;
        this.campaigns = campaigns;
        this.spaces = spaces;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public record File(
            ApplicationDetails application,
            List<FlagFinding> flags,
            List<ReviewNotes.Note> notes,
            Campaign campaign,
            Space space,
            ReviewTime due,
            List<AuditLog.AuditEvent> history) {}

    /** Flags are worked out afresh (and stored when they changed), so what the reviewer reads is current. */
    public File open(long id) {
        ApplicationDetails application = applications.get(id);
        List<FlagFinding> flags = flagging.refresh(application);
        ReviewTime due = application.state() != ApplicationState.IN_REVIEW
                ? null
                : ReviewTime.until(application.reviewDueAt(), OffsetDateTime.now(clock));
        return new File(
                application,
                flags,
                notes.of(id),
                campaigns.findOptional(application.campaignId()).orElse(null),
                spaces.findByApplication(id).orElse(null),
                due,
                auditLog.forTarget(application.target(), 100));
    }
}
