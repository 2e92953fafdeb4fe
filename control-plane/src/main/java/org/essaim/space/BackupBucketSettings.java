package org.essaim.space;

import org.essaim.platform.InvalidSetting;
import org.essaim.provisioner.ProvisionerConfiguration;
import org.essaim.provisioner.SharedSettings;
import org.essaim.tenant.PlatformSettings.NetworkPeer;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * {@code essaim.backups.*} that the in-process provisioner (the local default) puts in each space's backup schedule,
 * as the standalone provisioner's {@code ESSAIM_BACKUP_*} variables do. Each one left empty takes the provisioner's
 * default ({@link SharedSettings.BackupBucket}).
 *
 * @param s3                the S3-compatible bucket
 * @param storagePeer       who k8up's pods may reach for the bucket: {@code cidr=<block>} or
 *                          {@code namespace=<ns>[,<label>=<value>...]} (empty: anywhere)
 * @param storagePort       the bucket's port as the pods reach it (empty: 443)
 * @param kubernetesApiPeer who k8up's pods may reach for the API server, in the same form (empty: 10.96.0.1/32)
 * @param kubernetesApiPort the API server's port (empty: 443)
 * @param schedule          when backups run, in k8up's schedule syntax (empty: {@code @daily-random})
 */
@ConfigurationProperties("essaim.backups")
public record BackupBucketSettings(
        S3 s3,
        String storagePeer,
        Integer storagePort,
        String kubernetesApiPeer,
        Integer kubernetesApiPort,
        String schedule) {

    /**
     * @param endpoint        the bucket's server (empty: {@code https://s3.<spaces domain>})
     * @param bucket          the bucket's name (empty: {@code essaim-backups})
     * @param accessKeyId     the key spaces write with (empty, and the secret too: spaces are not backed up)
     * @param secretAccessKey its secret
     */
    public record S3(URI endpoint, String bucket, String accessKeyId, String secretAccessKey) {

        public S3 {
            bucket = blankAsNull(bucket);
            accessKeyId = blankAsNull(accessKeyId);
            secretAccessKey = blankAsNull(secretAccessKey);
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new InvalidSetting(
                        "essaim.backups.s3.access-key-id", "and essaim.backups.s3.secret-access-key go together");
            }
        }
    }

    public BackupBucketSettings {
        s3 = s3 == null ? new S3(null, null, null, null) : s3;
        storagePeer = blankAsNull(storagePeer);
        kubernetesApiPeer = blankAsNull(kubernetesApiPeer);
        schedule = blankAsNull(schedule);
        peer("essaim.backups.storage-peer", storagePeer);
        peer("essaim.backups.kubernetes-api-peer", kubernetesApiPeer);
    }

    /** The provisioner's form of these settings. */
    SharedSettings.BackupBucket bucket() {
        return new SharedSettings.BackupBucket(
                s3.endpoint() == null || s3.endpoint().toString().isBlank() ? null : s3.endpoint(),
                s3.bucket(),
                s3.accessKeyId(),
                s3.secretAccessKey(),
                peer("essaim.backups.storage-peer", storagePeer),
                storagePort,
                peer("essaim.backups.kubernetes-api-peer", kubernetesApiPeer),
                kubernetesApiPort,
                schedule);
    }

    private static NetworkPeer peer(String key, String value) {
        try {
            return value == null ? null : ProvisionerConfiguration.peer(value);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSetting(key, invalid.getMessage());
        }
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
