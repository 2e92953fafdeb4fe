package org.essaim.space.resource;

import java.util.List;

/**
 * The condition types a Space's status carries, and the reasons they give. Reasons are stable identifiers (the
 * control plane may translate them); messages are plain English sentences that say what is wrong and what to do.
 * A component condition is {@code True} when that part of the space is as the spec asks (applied, created, turned
 * off or scaled to zero on purpose), {@code False} when something stands in the way, {@code Unknown} when it was
 * not attempted yet because an earlier step has not succeeded. {@code Ready} is {@code True} only when every
 * component but {@link #BACKUPS} is, the three self-checks included ({@link #WORKSPACE_VERIFIED},
 * {@link #EVENTS_VERIFIED}, {@link #FORUM_VERIFIED}: the app was reached from inside the cluster as a person would
 * reach it, its configure Job reported {@code OK}, and its directory path answered), and the space is neither
 * suspended nor being deleted: a space whose backups cannot be scheduled still serves its members, and the staff
 * console flags it (with its last successful backup). An app turned off or a suspended space counts as verified
 * ({@link Reason#DISABLED}, {@link Reason#SUSPENDED}): there is nothing to reach.
 */
public final class SpaceConditions {

    public static final String READY = "Ready";
    public static final String NAMESPACE_AND_QUOTAS = "NamespaceAndQuotas";
    public static final String DIRECTORY = "Directory";
    public static final String DATABASES = "Databases";
    public static final String WORKSPACE = "Workspace";
    public static final String EVENTS = "Events";
    public static final String FORUM = "Forum";
    public static final String INGRESS = "Ingress";
    /** The space's backup schedule (k8up); does not hold back {@link #READY}. */
    public static final String BACKUPS = "Backups";
    /** The workspace answered as installed and not in maintenance, its configure Job said OK, sign-in path works. */
    public static final String WORKSPACE_VERIFIED = "WorkspaceVerified";
    /** The events service answered on its address and its sign-in path works. */
    public static final String EVENTS_VERIFIED = "EventsVerified";
    /** The forum answered on its address (board enabled), its configure Job said OK, sign-in path works. */
    public static final String FORUM_VERIFIED = "ForumVerified";
    /** The self-checks, one per app, in the order of the apps. */
    public static final List<String> VERIFICATIONS = List.of(WORKSPACE_VERIFIED, EVENTS_VERIFIED, FORUM_VERIFIED);

    /** The components in the order the provisioner works through them. */
    public static final List<String> COMPONENTS = List.of(
            NAMESPACE_AND_QUOTAS,
            DIRECTORY,
            DATABASES,
            WORKSPACE,
            EVENTS,
            FORUM,
            INGRESS,
            BACKUPS,
            WORKSPACE_VERIFIED,
            EVENTS_VERIFIED,
            FORUM_VERIFIED);
    /** The components that live in Kubernetes (marked {@link Reason#NOT_APPLIED} without a cluster). */
    public static final List<String> KUBERNETES_COMPONENTS = List.of(
            NAMESPACE_AND_QUOTAS,
            WORKSPACE,
            EVENTS,
            FORUM,
            INGRESS,
            BACKUPS,
            WORKSPACE_VERIFIED,
            EVENTS_VERIFIED,
            FORUM_VERIFIED);

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private SpaceConditions() {}

    /** Condition reasons. */
    public static final class Reason {
        // Ready
        public static final String READY = "Ready";
        public static final String PROGRESSING = "Progressing";
        public static final String SUSPENDED = "Suspended";
        public static final String DELETING = "Deleting";
        public static final String ERASED = "Erased";
        public static final String INVALID_SPEC = "InvalidSpec";
        /** The space's office suite is one the platform does not run (also on the Workspace condition). */
        public static final String OFFICE_SUITE_NOT_OFFERED = "OfficeSuiteNotOffered";
        // components, True
        public static final String APPLIED = "Applied";
        public static final String CREATED = "Created";
        public static final String DISABLED = "Disabled";
        // components, False or Unknown
        public static final String NOT_APPLIED = "NotApplied";
        public static final String API_ERROR = "ApiError";
        public static final String CONFLICT = "Conflict";
        public static final String FORBIDDEN = "Forbidden";
        public static final String REJECTED = "Rejected";
        public static final String DIRECTORY_UNAVAILABLE = "DirectoryUnavailable";
        public static final String DIRECTORY_REFUSED = "DirectoryRefused";
        public static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";
        public static final String DATABASE_REFUSED = "DatabaseRefused";
        public static final String EXTENSION_UNAVAILABLE = "ExtensionUnavailable";
        public static final String NOT_CONFIGURED = "NotConfigured";
        public static final String WAITING = "Waiting";
        // self-checks (WorkspaceVerified, EventsVerified, ForumVerified)
        /** True: reached as a person would, configure Job said OK, directory path answered. */
        public static final String VERIFIED = "Verified";
        /** The app's address did not answer (refused, timed out, or an HTTP error status). */
        public static final String UNREACHABLE = "Unreachable";
        /** Nextcloud's status.php says it is not installed (yet). */
        public static final String NOT_INSTALLED = "NotInstalled";
        /** Nextcloud's status.php says maintenance mode is on (or a database upgrade is needed). */
        public static final String MAINTENANCE = "Maintenance";
        /** The configure Job has not finished yet. */
        public static final String CONFIGURING = "Configuring";
        /** The configure Job reported {@code INCOMPLETE missing-apps=...}: everything else is configured. */
        public static final String APPS_MISSING = "AppsMissing";
        /** The configure Job reported {@code FAILED <step>} (or ended without the protocol's line). */
        public static final String CONFIGURATION_FAILED = "ConfigurationFailed";
        /** The app's directory path (service account bind, then the app's user search) did not work. */
        public static final String SIGN_IN_FAILED = "SignInFailed";

        private Reason() {}
    }
}
