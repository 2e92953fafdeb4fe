package org.essaim.space.resource;

import java.util.List;

/**
 * The condition types a Space's status carries, and the reasons they give. Reasons are stable identifiers (the
 * control plane may translate them); messages are plain English sentences that say what is wrong and what to do.
 * A component condition is {@code True} when that part of the space is as the spec asks (applied, created, turned
 * off or scaled to zero on purpose), {@code False} when something stands in the way, {@code Unknown} when it was
 * not attempted yet because an earlier step has not succeeded. {@code Ready} is {@code True} only when every
 * component but {@link #BACKUPS} is, and the space is neither suspended nor being deleted: a space whose backups
 * cannot be scheduled still serves its members, and the staff console flags it (with its last successful backup).
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

    /** The components in the order the provisioner works through them. */
    public static final List<String> COMPONENTS = List.of(NAMESPACE_AND_QUOTAS, DIRECTORY, DATABASES, WORKSPACE,
            EVENTS, FORUM, INGRESS, BACKUPS);
    /** The components that live in Kubernetes (marked {@link Reason#NOT_APPLIED} without a cluster). */
    public static final List<String> KUBERNETES_COMPONENTS = List.of(NAMESPACE_AND_QUOTAS, WORKSPACE, EVENTS, FORUM,
            INGRESS, BACKUPS);

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private SpaceConditions() {
    }

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

        private Reason() {
        }
    }
}
