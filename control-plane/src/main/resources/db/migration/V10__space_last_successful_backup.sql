-- When the space's last backup that succeeded finished, as the provisioner reads it from k8up (Space
-- status.lastSuccessfulBackup); null until one did. The staff pages flag spaces whose backups are stale.
alter table space add column last_successful_backup timestamp with time zone;
