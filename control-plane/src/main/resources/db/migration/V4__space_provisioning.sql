-- What staff decided about a space beyond its registration, and where provisioning says it stands.
alter table space add column suspended boolean not null default false;
alter table space add column deleted_at timestamp with time zone;
alter table space add column deleted_by varchar(200);
alter table space add column erased_at timestamp with time zone;
-- The provisioner's last status (conditions per component), as JSON, and when it was received.
alter table space add column provisioning_status text;
alter table space add column provisioning_updated_at timestamp with time zone;
create index space_state_idx on space (state);
