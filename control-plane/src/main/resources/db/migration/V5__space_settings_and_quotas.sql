-- What a space's admins chose (office suite, optional services) and what staff granted (quotas). Each change is
-- written here first and handed to provisioning through the space's Space resource, like every other decision.
alter table space add column office_suite varchar(20) not null default 'COLLABORA';
alter table space add column events_enabled boolean not null default true;
alter table space add column forum_enabled boolean not null default true;
alter table space add column account_quota integer not null default 50;
alter table space add column storage_quota_gib integer not null default 40;
alter table space add constraint space_office_suite_check check (office_suite in ('COLLABORA', 'ONLYOFFICE'));
alter table space add constraint space_account_quota_check check (account_quota between 1 and 1000);
alter table space add constraint space_storage_quota_check check (storage_quota_gib between 1 and 2048);
