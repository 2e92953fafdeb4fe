-- Links that let a space member set their password: a forgotten-password reset (valid one hour) or the welcome of an
-- account created for them (valid 7 days). Only the token's SHA-256 is kept. A link is used once; issuing a new one
-- for the same person revokes the earlier unused ones.
create table member_password_link (
    id          bigint generated always as identity primary key,
    space_slug  varchar(63) not null,
    uid         varchar(64) not null,
    purpose     varchar(20) not null,
    token_hash  char(64) not null unique,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone,
    revoked_at  timestamp with time zone,
    constraint member_password_link_purpose_check check (purpose in ('RESET', 'WELCOME'))
);
create index member_password_link_open_idx on member_password_link (space_slug, uid)
    where used_at is null and revoked_at is null;

-- One run of a CSV import by a space admin, and the fate of each of its rows, written row by row as the run goes:
-- when the directory fails halfway, the admin sees which rows were created, and the next run of the same file
-- completes the rest (an email already imported into the space is recognised through these rows).
create table member_import_run (
    id           bigint generated always as identity primary key,
    space_slug   varchar(63) not null,
    actor        varchar(200) not null,
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    row_count    integer not null,
    places_left  integer not null,
    created      integer not null default 0,
    completed    integer not null default 0,
    refused      integer not null default 0,
    failed       integer not null default 0,
    interrupted  boolean not null default false
);
create index member_import_run_space_idx on member_import_run (space_slug, id desc);

create table member_import_row (
    run_id      bigint not null references member_import_run (id) on delete cascade,
    line        integer not null,
    space_slug  varchar(63) not null,
    display_name varchar(400),
    email       varchar(320),
    email_key   varchar(320),
    role        varchar(10),
    uid         varchar(64),
    outcome     varchar(20) not null,
    reason_column varchar(10),
    reason      varchar(60),
    reason_args varchar(400),
    primary key (run_id, line),
    constraint member_import_row_outcome_check
        check (outcome in ('PENDING', 'CREATED', 'COMPLETED', 'UNCHANGED', 'REFUSED', 'FAILED', 'NOT_ATTEMPTED'))
);
create index member_import_row_email_idx on member_import_row (space_slug, email_key) where uid is not null;
