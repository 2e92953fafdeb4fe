package org.essaim.tenant;

/** Names of the Secrets a space's objects refer to, and of their keys (values are never in the templates). */
public final class SpaceSecrets {

    /** The space's read-only directory account, shared by its apps; the provisioner sets it in the directory. */
    public static final String DIRECTORY = "directory-service-account";

    public static final String PASSWORD = "password";
    /** Nextcloud's own administrator (not a person): used by jobs and by the usage report. */
    public static final String WORKSPACE_ADMIN = "nextcloud-admin";
    /** Mobilizon's signing keys. */
    public static final String EVENTS_KEYS = "mobilizon-keys";

    public static final String SECRET_KEY_BASE = "secret-key-base";
    public static final String SECRET_KEY = "secret-key";
    /** phpBB's founder account (not a person), used to configure the board. */
    public static final String FORUM_ADMIN = "phpbb-admin";
    /** The shared OnlyOffice Document Server's token, copied from the platform's settings. */
    public static final String ONLYOFFICE = "office-onlyoffice";

    public static final String JWT_SECRET = "jwt-secret";
    /** The password of the space's restic repository, generated once: without it the backups cannot be read. */
    public static final String BACKUP_REPOSITORY = "backup-repository";
    /** The platform's S3 access keys for the backup bucket, copied from the provisioner's settings. */
    public static final String BACKUP_STORAGE = "backup-storage";

    public static final String ACCESS_KEY_ID = "access-key-id";
    public static final String SECRET_ACCESS_KEY = "secret-access-key";
    /**
     * The workspace's serverinfo token, which opens its usage report ({@code NC-Token}) and nothing else; derived by
     * the provisioner from the platform's key ({@link ServerInfoToken}), only when the platform has one.
     */
    public static final String SERVERINFO = "serverinfo-token";

    public static final String TOKEN = "token";

    private SpaceSecrets() {}

    /** The Secret holding the password of an app's database role. */
    public static String database(String app) {
        return "database-" + app;
    }
}
