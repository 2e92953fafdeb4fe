-- What staff decided about a space beyond its registration, and where provisioning says it stands.
alter table space add column suspended boolean not null default false;
alter table space add column deleted_at timestamp with time zone;
alter table space add column deleted_by varchar(200);
alter table space add column erased_at timestamp with time zone;
-- The provisioner's last status (conditions per component), as JSON, and when it was received.
alter table space add column provisioning_status text;
alter table space add column provisioning_updated_at timestamp with time zone;
create index space_state_idx on space (state);
-- A decision not yet acknowledged by provisioning (approval, suspension, resumption, deletion): the space-resync
-- job hands it over again until the hand-over succeeds, so an API server down at the wrong moment loses nothing.
alter table space add column handover_pending boolean not null default true;
alter table space add column handover_requested_at timestamp with time zone;
create index space_handover_pending_idx on space (handover_requested_at) where handover_pending;
