package org.essaim.provisioner;

import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.PlatformSettings.NetworkPeer;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the provisioner gives every space that the control plane also knows: the backup bucket, the serverinfo token
 * key and the single sign-on issuer. The standalone provisioner reads them from its environment
 * ({@link ProvisionerConfiguration#fromEnvironment}); the in-process one is given them from the control plane's own
 * typed settings. Each side names its own setting when a value is wrong; this record only refuses what neither
 * should let through.
 *
 * @param backups           where k8up writes each space's backups
 * @param serverInfoTokenKey at least {@link ServerInfoToken#MINIMUM_KEY_LENGTH} characters; null: no token is set
 * @param signOn            the OpenID Connect provider of the spaces' apps; null: none (the local default without one)
 */
public record SharedSettings(BackupBucket backups, String serverInfoTokenKey, SingleSignOn signOn) {

    public SharedSettings {
        backups = backups == null ? BackupBucket.DEFAULTS : backups;
        if (serverInfoTokenKey != null && serverInfoTokenKey.length() < ServerInfoToken.MINIMUM_KEY_LENGTH) {
            throw new IllegalArgumentException("the serverinfo token key must have at least "
                    + ServerInfoToken.MINIMUM_KEY_LENGTH + " characters");
        }
    }

    /**
     * The backup bucket; each null part takes the default: {@code https://s3.<domain>}, {@code essaim-backups}, no
     * keys (spaces are then not backed up), anywhere on 443, the API server at 10.96.0.1/32 on 443,
     * {@code @daily-random}.
     */
    public record BackupBucket(
            URI endpoint,
            String bucket,
            String accessKeyId,
            String secretAccessKey,
            NetworkPeer storagePeer,
            Integer storagePort,
            NetworkPeer apiServerPeer,
            Integer apiServerPort,
            String schedule) {

        public static final BackupBucket DEFAULTS =
                new BackupBucket(null, null, null, null, null, null, null, null, null);

        public BackupBucket {
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException("the access key id and the secret access key go together");
            }
        }
    }

    /**
     * @param issuer the control plane's public address, the issuer of its tokens (a trailing slash is dropped)
     * @param peer   who the apps' pods reach the issuer at; null: the ingress controller's pods
     */
    public record SingleSignOn(URI issuer, NetworkPeer peer) {

        public SingleSignOn {
            issuer = URI.create(issuer.toString().strip().replaceAll("/+$", ""));
            // Refused here, as the apps would be given it.
            PlatformSettings.SingleSignOnIssuer.at(issuer, peer == null ? NetworkPeer.ipBlock("0.0.0.0/32") : peer);
        }
    }

    /** {@code settings} with these: the platform's backups and issuer, the bucket's keys and the serverinfo key. */
    public ProvisionerSettings applyTo(ProvisionerSettings settings) {
        PlatformSettings.BackupSettings defaults = PlatformSettings.BackupSettings.defaults(
                backups.endpoint() != null
                        ? backups.endpoint()
                        : URI.create("https://s3." + settings.platform().domain()));
        PlatformSettings.BackupSettings bucket = new PlatformSettings.BackupSettings(
                defaults.endpoint(),
                or(backups.bucket(), defaults.bucket()),
                or(backups.storagePeer(), defaults.storage()),
                or(backups.storagePort(), defaults.storagePort()),
                or(backups.apiServerPeer(), defaults.apiServer()),
                or(backups.apiServerPort(), defaults.apiServerPort()),
                or(backups.schedule(), defaults.backupSchedule()),
                defaults.checkSchedule(),
                defaults.pruneSchedule(),
                defaults.keepDaily(),
                defaults.keepWeekly(),
                defaults.keepMonthly(),
                defaults.dumpImage());
        Map<String, Map<String, String>> platformSecrets = new LinkedHashMap<>(settings.platformSecrets());
        if (backups.accessKeyId() != null) {
            platformSecrets.put(
                    SpaceSecrets.BACKUP_STORAGE,
                    Map.of(
                            SpaceSecrets.ACCESS_KEY_ID,
                            backups.accessKeyId(),
                            SpaceSecrets.SECRET_ACCESS_KEY,
                            backups.secretAccessKey()));
        }
        PlatformSettings platform = settings.platform().withBackups(bucket);
        if (signOn != null) {
            platform = platform.withSingleSignOn(PlatformSettings.SingleSignOnIssuer.at(
                    signOn.issuer(), signOn.peer() == null ? platform.ingress().controller() : signOn.peer()));
        }
        return new ProvisionerSettings(
                        platform,
                        settings.namespace(),
                        settings.gracePeriod(),
                        settings.workers(),
                        settings.resyncPeriod(),
                        settings.firstRetry(),
                        settings.longestRetry(),
                        platformSecrets,
                        null)
                .withServerInfoTokenKey(serverInfoTokenKey);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
