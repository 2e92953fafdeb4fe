package org.essaim.audit;

import java.util.Optional;

/**
 * What can land in the audit log. Each has a label in both languages ({@code audit.action.<code>}), checked by a
 * test, so the staff read "First staff account created", not a code.
 */
public enum AuditAction {
    STAFF_CREATED("staff.created"),
    MAIL_TEST_SENT("mail.test-sent"),
    CAMPAIGN_CREATED("campaign.created"),
    CAMPAIGN_OPENED("campaign.opened"),
    CAMPAIGN_CLOSED("campaign.closed"),
    /** The campaign reached its cap and closed by itself. */
    CAMPAIGN_FILLED("campaign.filled"),
    /** The applicant sent the form (the email address not confirmed yet). */
    APPLICATION_SUBMITTED("application.submitted"),
    /** The applicant confirmed their address: the application entered the review queue. */
    APPLICATION_CONFIRMED("application.confirmed"),
    APPLICATION_ASSIGNED("application.assigned"),
    APPLICATION_NOTE_ADDED("application.note-added"),
    APPLICATION_APPROVED("application.approved"),
    APPLICATION_REJECTED("application.rejected"),
    APPLICATION_DEFERRED("application.deferred"),
    /** A deferred application went back to the queue when the next campaign opened. */
    APPLICATION_REQUEUED("application.requeued"),
    APPLICATION_WITHDRAWN("application.withdrawn"),
    SPACE_REGISTERED("space.registered"),
    SPACE_SUSPENDED("space.suspended"),
    SPACE_RESUMED("space.resumed"),
    SPACE_DELETED("space.deleted"),
    SPACE_ERASED("space.erased"),
    SPACE_SETTINGS_CHANGED("space.settings-changed"),
    SPACE_QUOTAS_CHANGED("space.quotas-changed"),
    /** The API server refused (or could not be asked to take) a space's Space resource; the reason is the detail. */
    SPACE_HANDOVER_FAILED("space.handover-failed"),
    /** The usage job told a space's admins that its storage crossed 80 or 95 percent of its quota. */
    SPACE_STORAGE_ALERT_SENT("space.storage-alert-sent"),
    /** An ended application's personal data was erased after the retention period. */
    APPLICATION_ERASED("application.erased"),
    /** A space's admins changed whom two-step sign-in is required of. */
    TWO_STEP_RULE_CHANGED("space.two-step-rule-changed"),
    /** A space admin (or staff, for staff) reset someone's second step; they enrol again at their next sign-in. */
    TWO_STEP_RESET("member.two-step-reset"),
    /** A space's app answered a back-channel logout token with a refusal (4xx); it is not sent again. */
    SIGN_ON_LOGOUT_REFUSED("sign-on.back-channel-logout-refused"),
    /** A back-channel logout token could not be delivered after every attempt; the app may keep that session. */
    SIGN_ON_LOGOUT_ABANDONED("sign-on.back-channel-logout-abandoned"),
    MEMBER_INVITED("member.invited"),
    INVITATION_RESENT("member.invitation-resent"),
    INVITATION_REVOKED("member.invitation-revoked"),
    INVITATION_ACCEPTED("member.invitation-accepted"),
    JOIN_LINK_CREATED("member.join-link-created"),
    JOIN_LINK_DISABLED("member.join-link-disabled"),
    JOIN_REQUEST_APPROVED("member.join-request-approved"),
    JOIN_REQUEST_REFUSED("member.join-request-refused"),
    MEMBER_CREATED("member.created"),
    MEMBER_PROMOTED("member.promoted"),
    MEMBER_DEMOTED("member.demoted"),
    MEMBER_DISABLED("member.disabled"),
    MEMBER_ENABLED("member.enabled"),
    MEMBER_REMOVED("member.removed"),
    /** Staff read a space's members or usage through the API, for support. */
    SPACE_SUPPORT_READ("member.support-read"),
    /** Staff chose new app versions: a rollout in waves started. */
    UPGRADE_STARTED("upgrade.started"),
    UPGRADE_PAUSED("upgrade.paused"),
    UPGRADE_RESUMED("upgrade.resumed"),
    UPGRADE_ROLLED_BACK("upgrade.rolled-back"),
    /** The upgrade job wrote a wave's new versions on its spaces. */
    UPGRADE_WAVE_STARTED("upgrade.wave-started"),
    /** A wave's spaces were not all Ready on the new versions in time: the rollout stopped. */
    UPGRADE_WAVE_FAILED("upgrade.wave-failed"),
    /** A known incompatibility kept a wave from starting: the rollout stopped. */
    UPGRADE_WAVE_BLOCKED("upgrade.wave-blocked"),
    UPGRADE_COMPLETED("upgrade.completed"),
    /** A space admin downloaded the space's member list (the detail counts rows, it names nobody). */
    MEMBER_LIST_EXPORTED("member.list-exported"),
    /** A space member set their password through an emailed link (forgotten password or welcome). */
    MEMBER_PASSWORD_SET_BY_LINK("member.password-set-by-link"),
    /** A space admin ran a CSV import (the detail counts the rows created, completed, refused and failed). */
    MEMBERS_IMPORTED("members.imported");

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

    /**
     * True for actions whose detail, when kept as text, is English that Essaim composed: every entry recorded before
     * details were worded per language ({@link AuditDetail}; "3 spaces back to their previous versions"), and what
     * Kubernetes or the provisioner said. Pages mark such a detail {@code lang="en"} so that a French page says
     * honestly which part is English (screen readers read it so). False where the text is what a person typed (a
     * decision's reason, a note, a campaign's name) or names (addresses, uids), which belong to no language.
     */
    public boolean detailTextInEnglish() {
        return switch (this) {
            case CAMPAIGN_OPENED,
                    CAMPAIGN_CLOSED,
                    CAMPAIGN_FILLED,
                    APPLICATION_APPROVED,
                    APPLICATION_REJECTED,
                    APPLICATION_DEFERRED,
                    APPLICATION_NOTE_ADDED,
                    APPLICATION_SUBMITTED,
                    APPLICATION_CONFIRMED,
                    APPLICATION_WITHDRAWN,
                    MAIL_TEST_SENT,
                    INVITATION_RESENT,
                    INVITATION_REVOKED,
                    JOIN_REQUEST_APPROVED,
                    JOIN_REQUEST_REFUSED,
                    MEMBER_PROMOTED,
                    MEMBER_DEMOTED,
                    MEMBER_DISABLED,
                    MEMBER_ENABLED,
                    MEMBER_REMOVED,
                    TWO_STEP_RESET,
                    JOIN_LINK_CREATED,
                    JOIN_LINK_DISABLED,
                    SPACE_SUSPENDED,
                    SPACE_RESUMED,
                    SPACE_DELETED,
                    UPGRADE_PAUSED -> false;
            default -> true;
        };
    }

    public static Optional<AuditAction> fromCode(String code) {
        for (AuditAction action : values()) {
            if (action.code.equals(code)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
