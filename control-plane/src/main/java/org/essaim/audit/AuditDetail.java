package org.essaim.audit;

/**
 * How Essaim words an audit entry's detail it composes itself, in each language ({@code audit.detail.<code>}, a
 * test checks both bundles). The entry keeps the code and the arguments, never the words, so a French page reads
 * French and an English one English, whoever recorded it. Counts are worded with ICU plurals, settings with
 * {@code select}.
 */
public enum AuditDetail {
    /** The first staff account, with a generated password. */
    STAFF_FIRST_GENERATED("staff.first-generated"),
    /** The first staff account, with the password from the setting. */
    STAFF_FIRST_CONFIGURED("staff.first-configured"),
    /** {0} the app's client, {1} attempts, {2} what the app answered or why it could not be reached. */
    SIGN_ON_LOGOUT_UNDELIVERED("sign-on.logout-undelivered"),
    /** {0} name, {1} cap, {2} planned opening: only the parts given. */
    CAMPAIGN_CREATED("campaign.created"),
    CAMPAIGN_CREATED_CAPPED("campaign.created-capped"),
    CAMPAIGN_CREATED_PLANNED("campaign.created-planned"),
    CAMPAIGN_CREATED_CAPPED_PLANNED("campaign.created-capped-planned"),
    /** {0} the reviewer's uid. */
    APPLICATION_ASSIGNED_TO("application.assigned-to"),
    APPLICATION_UNASSIGNED("application.unassigned"),
    /** {0} the campaign's id. */
    APPLICATION_REQUEUED("application.requeued"),
    /** {0} days of retention. */
    APPLICATION_ERASED("application.erased"),
    /** {0} the application's id. */
    SPACE_REGISTERED("space.registered"),
    /** {0} office suite, {1} events on, {2} forum on. */
    SPACE_SETTINGS_CHANGED("space.settings-changed"),
    /** {0} accounts and {1} GiB before, {2} and {3} after. */
    SPACE_QUOTAS_CHANGED("space.quotas-changed"),
    /** {0} percent, {1} bytes used of {2}, {3} admins told. */
    SPACE_STORAGE_ALERT_SENT("space.storage-alert-sent"),
    /** {0} uid, {1} address. */
    MEMBER_CREATED_ADMIN("member.created-admin"),
    MEMBER_CREATED_MEMBER("member.created-member"),
    /** {0} the addresses invited, comma-separated. */
    MEMBER_INVITED_ADMINS("member.invited-admins"),
    MEMBER_INVITED_MEMBERS("member.invited-members"),
    /** {0} the referent's address, invited as the space's first admin when it was approved. */
    MEMBER_INVITED_REFERENT("member.invited-referent"),
    /** {0} the uid the person chose. */
    INVITATION_ACCEPTED_ADMIN("member.invitation-accepted-admin"),
    INVITATION_ACCEPTED_MEMBER("member.invitation-accepted-member"),
    MEMBER_PASSWORD_SET_BY_WELCOME_LINK("member.password-set-by-welcome-link"),
    MEMBER_PASSWORD_SET_BY_RESET_LINK("member.password-set-by-reset-link"),
    /** {0} accounts, {1} open invitations and sign-ups. */
    MEMBER_LIST_EXPORTED("member.list-exported"),
    /** {0} run, then how many rows were {1} created, {2} completed, {3} refused, {4} failed, {5} not tried. */
    MEMBERS_IMPORTED("members.imported"),
    /** The same, the directory having become unreachable during the run. */
    MEMBERS_IMPORTED_INTERRUPTED("members.imported-interrupted"),
    /** Staff read a space's members (API, for support). */
    SUPPORT_READ_MEMBERS("member.support-read-members"),
    SUPPORT_READ_USAGE("member.support-read-usage"),
    SUPPORT_READ_IMPORT_PREVIEW("member.support-read-import-preview"),
    /** {0}..{3} versions before (workspace, office, events, forum), {4}..{7} after, {8} spaces, {9} waves. */
    UPGRADE_STARTED("upgrade.started"),
    /** {0} the state it was in. */
    UPGRADE_RESUMED("upgrade.resumed"),
    /** {0} spaces, {1} the state it was in. */
    UPGRADE_ROLLED_BACK("upgrade.rolled-back"),
    /** {0} wave, {1} waves, {2} spaces, {3}..{6} versions. */
    UPGRADE_WAVE_STARTED("upgrade.wave-started"),
    /** {0} wave, {1} spaces failed, {2} of, {3}..{6} versions, {7} minutes. */
    UPGRADE_WAVE_FAILED("upgrade.wave-failed"),
    /**
     * {0} wave, {1} spaces held back, {2} the first of them (slugs), {3} how many more, {4} the workspace apps that
     * are known not to work with the versions (ids), {5} how many apps, {6}..{9} versions.
     */
    UPGRADE_WAVE_BLOCKED("upgrade.wave-blocked"),
    /** {0}..{3} versions. */
    UPGRADE_COMPLETED("upgrade.completed"),
    /** {0} rule before, {1} after (NOBODY, ADMINS, EVERYONE). */
    TWO_STEP_RULE_CHANGED("space.two-step-rule-changed");

    private final String code;

    AuditDetail(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static String messageKey(String code) {
        return "audit.detail." + code;
    }

    public String messageKey() {
        return messageKey(code);
    }
}
