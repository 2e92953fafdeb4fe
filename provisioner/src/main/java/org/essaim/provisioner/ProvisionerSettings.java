package org.essaim.provisioner;

import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the provisioner works.
 *
 * @param platform         what every space shares (domain, images, endpoints): the tenant templates' input
 * @param namespace        the namespace holding the Space resources (Essaim's own)
 * @param gracePeriod      how long a deleted space is kept, suspended, before its data is erased (30 days)
 * @param workers          how many spaces are reconciled at once
 * @param resyncPeriod     every space is reconciled at least this often, drift or not
 * @param firstRetry       the first retry after a failure; each failure in a row doubles it ...
 * @param longestRetry     ... up to this
 * @param platformSecrets  values the platform gives every space that needs them, by Secret name then key
 *                         (the shared OnlyOffice server's token: {@code office-onlyoffice} / {@code jwt-secret})
 * @param serverInfoTokenKey the platform's key from which each workspace's serverinfo token is derived
 *                         ({@link ServerInfoToken}), the same as the control plane's; null: no token is set
 */
public record ProvisionerSettings(
        PlatformSettings platform,
        String namespace,
        Duration gracePeriod,
        int workers,
        Duration resyncPeriod,
        Duration firstRetry,
        Duration longestRetry,
        Map<String, Map<String, String>> platformSecrets,
        String serverInfoTokenKey) {

    /** The one field manager under which the provisioner applies every object. */
    public static final String FIELD_MANAGER = "essaim-provisioner";

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(30);

    public ProvisionerSettings {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(namespace, "namespace");
        if (workers < 1) {
            throw new IllegalArgumentException("At least one worker is needed");
        }
        platformSecrets = platformSecrets == null ? Map.of() : Map.copyOf(platformSecrets);
        String keyId = serverInfoTokenKey == null ? null : ServerInfoToken.keyId(serverInfoTokenKey);
        if (!Objects.equals(keyId, platform.serverInfoKeyId())) {
            throw new IllegalArgumentException("The platform's serverinfo key id must be the one of the provisioner's "
                    + "key (use withServerInfoTokenKey)");
        }
    }

    /** Defaults: 30 days of grace, 4 workers, a full pass every 30 minutes, retries from 1 s up to 5 minutes. */
    public static ProvisionerSettings defaults(PlatformSettings platform, String namespace) {
        return new ProvisionerSettings(
                platform,
                namespace,
                DEFAULT_GRACE_PERIOD,
                4,
                Duration.ofMinutes(30),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Map.of(),
                null);
    }

    public ProvisionerSettings withGracePeriod(Duration gracePeriod) {
        return new ProvisionerSettings(
                platform,
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                serverInfoTokenKey);
    }

    public ProvisionerSettings withWorkers(int workers) {
        return new ProvisionerSettings(
                platform,
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                serverInfoTokenKey);
    }

    public ProvisionerSettings withRetries(Duration firstRetry, Duration longestRetry) {
        return new ProvisionerSettings(
                platform,
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                serverInfoTokenKey);
    }

    public ProvisionerSettings withResyncPeriod(Duration resyncPeriod) {
        return new ProvisionerSettings(
                platform,
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                serverInfoTokenKey);
    }

    public ProvisionerSettings withPlatformSecrets(Map<String, Map<String, String>> platformSecrets) {
        return new ProvisionerSettings(
                platform,
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                serverInfoTokenKey);
    }

    /**
     * @param key at least {@link ServerInfoToken#MINIMUM_KEY_LENGTH} characters; null for no serverinfo token
     */
    public ProvisionerSettings withServerInfoTokenKey(String key) {
        return new ProvisionerSettings(
                platform.withServerInfoKeyId(key == null ? null : ServerInfoToken.keyId(key)),
                namespace,
                gracePeriod,
                workers,
                resyncPeriod,
                firstRetry,
                longestRetry,
                platformSecrets,
                key);
    }

    /** What the platform gives this space's Secrets: {@link #platformSecrets()}, and its serverinfo token. */
    public Map<String, Map<String, String>> platformSecretsOf(String slug) {
        if (serverInfoTokenKey == null) {
            return platformSecrets;
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>(platformSecrets);
        values.put(
                SpaceSecrets.SERVERINFO,
                Map.of(SpaceSecrets.TOKEN, ServerInfoToken.forSpace(serverInfoTokenKey, slug)));
        return values;
    }

    @Override
    public String toString() {
        return "ProvisionerSettings[namespace=" + namespace + ", domain=" + platform.domain() + ", gracePeriod="
                + gracePeriod + ", workers=" + workers + ", resyncPeriod=" + resyncPeriod + ", platformSecrets="
                + platformSecrets.keySet() + ", serverInfoToken=" + (serverInfoTokenKey == null ? "none" : "set") + "]";
    }
}
