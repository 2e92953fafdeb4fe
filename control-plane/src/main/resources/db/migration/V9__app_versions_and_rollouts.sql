-- Upgrades in waves. The version of each app a space runs (null: the platform's default, app-versions.yaml), handed
-- to provisioning through its Space resource like every other decision.
alter table space add column workspace_version varchar(40);
alter table space add column office_version varchar(40);
alter table space add column events_version varchar(40);
alter table space add column forum_version varchar(40);

-- The versions new spaces get: the target of the last rollout that completed (or was rolled back to). No row: the
-- catalogue's defaults.
create table platform_app_versions (
    id                smallint primary key default 1,
    workspace_version varchar(40) not null,
    office_version    varchar(40) not null,
    events_version    varchar(40) not null,
    forum_version     varchar(40) not null,
    updated_at        timestamp with time zone not null,
    updated_by        varchar(200) not null,
    constraint platform_app_versions_one_row check (id = 1)
);

-- A rollout: staff chose new versions; the upgrade job moves the fleet to them wave by wave.
create table upgrade_rollout (
    id                     bigint generated always as identity primary key,
    state                  varchar(20) not null,
    workspace_version      varchar(40) not null,
    office_version         varchar(40) not null,
    events_version         varchar(40) not null,
    forum_version          varchar(40) not null,
    from_workspace_version varchar(40) not null,
    from_office_version    varchar(40) not null,
    from_events_version    varchar(40) not null,
    from_forum_version     varchar(40) not null,
    canary_size            integer not null,
    growth                 integer not null,
    wave_timeout_seconds   integer not null,
    -- Why it stopped (a failed or blocked wave), in the words the console shows.
    problem                text,
    created_at             timestamp with time zone not null,
    created_by             varchar(200) not null,
    updated_at             timestamp with time zone not null,
    finished_at            timestamp with time zone,
    constraint upgrade_rollout_state_check
        check (state in ('RUNNING', 'PAUSED', 'BLOCKED', 'FAILED', 'COMPLETED', 'ROLLED_BACK')),
    constraint upgrade_rollout_canary_check check (canary_size >= 1),
    constraint upgrade_rollout_growth_check check (growth >= 1)
);
-- At most one rollout is open (running, paused, blocked or failed) at a time.
-- [jooq ignore start]
create unique index upgrade_rollout_one_open_idx on upgrade_rollout ((true))
    where state in ('RUNNING', 'PAUSED', 'BLOCKED', 'FAILED');
-- [jooq ignore stop]

create table upgrade_wave (
    id          bigint generated always as identity primary key,
    rollout_id  bigint not null references upgrade_rollout (id),
    number      integer not null,
    size        integer not null,
    state       varchar(20) not null,
    started_at  timestamp with time zone,
    deadline    timestamp with time zone,
    finished_at timestamp with time zone,
    problem     text,
    constraint upgrade_wave_number_key unique (rollout_id, number),
    constraint upgrade_wave_state_check
        check (state in ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'BLOCKED', 'CANCELLED'))
);

-- Each space's membership of one wave of a rollout (at most one per rollout), the versions it had before its wave
-- started (what rolling back writes back), and how it went.
create table upgrade_wave_space (
    rollout_id                 bigint not null references upgrade_rollout (id),
    wave_id                    bigint not null references upgrade_wave (id),
    slug                       varchar(30) not null references space (slug),
    outcome                    varchar(20) not null,
    versions_written           boolean not null default false,
    previous_workspace_version varchar(40),
    previous_office_version    varchar(40),
    previous_events_version    varchar(40),
    previous_forum_version     varchar(40),
    reason                     text,
    updated_at                 timestamp with time zone not null,
    primary key (rollout_id, slug),
    constraint upgrade_wave_space_outcome_check
        check (outcome in ('PENDING', 'UPGRADING', 'HEALTHY', 'FAILED', 'SKIPPED', 'ROLLED_BACK'))
);
create index upgrade_wave_space_wave_idx on upgrade_wave_space (wave_id, outcome);
