package org.essaim.backup;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code essaim.backups.*} read by the staff pages (spaces are backed up daily by k8up; see runbooks/restoring.md).
 * What the in-process provisioner puts in each space's backup schedule is in {@code space.BackupBucketSettings}.
 *
 * @param staleAfter        a space whose last successful backup is older than this is flagged
 * @param firstBackupWithin a space with no backup this long after its approval is flagged
 */
@ConfigurationProperties("essaim.backups")
public record BackupSettings(
        @DefaultValue("36h") Duration staleAfter,
        @DefaultValue("1d") Duration firstBackupWithin) {

    public BackupSettings {
        InvalidSetting.positive("essaim.backups.stale-after", staleAfter);
        InvalidSetting.positive("essaim.backups.first-backup-within", firstBackupWithin);
    }
}
