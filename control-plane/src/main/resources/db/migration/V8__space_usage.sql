-- What each space uses. space_usage holds the latest figures (one row per space) and where its storage alert
-- stands; space_usage_day keeps one row per space and day (the day's latest figure), pruned after a bounded period.
-- A storage figure that was never measured stays null: unknown, never 0.
create table space_usage (
    space_id             bigint primary key references space (id),
    storage_used_bytes   bigint,
    storage_measured_at  timestamp with time zone,
    accounts_used        integer,
    accounts_counted_at  timestamp with time zone,
    -- The highest storage threshold (0, 80 or 95 percent) the space's admins were last told about; lowered
    -- silently when use goes back under, so that crossing it again sends the email again.
    alert_level          smallint not null default 0,
    constraint space_usage_alert_level_check check (alert_level in (0, 80, 95)),
    constraint space_usage_storage_check check (storage_used_bytes >= 0),
    constraint space_usage_accounts_check check (accounts_used >= 0)
);

create table space_usage_day (
    space_id            bigint not null references space (id),
    day                 date not null,
    storage_used_bytes  bigint,
    accounts_used       integer,
    measured_at         timestamp with time zone not null,
    primary key (space_id, day)
);
-- Pruning the oldest days across all spaces.
create index space_usage_day_day_idx on space_usage_day (day);
