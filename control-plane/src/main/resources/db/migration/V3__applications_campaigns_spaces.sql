-- Associations apply during campaigns, staff review, an approval registers a space.

-- [jooq ignore start]
-- Trigram matching for the review queue's search and for "name close to another" flags. pg_trgm ships with
-- PostgreSQL's contrib (Debian's postgresql package, the official images, zonky's binaries) and is a trusted
-- extension: the database owner may create it. jOOQ's code generator does not need to see it.
create extension if not exists pg_trgm;
-- [jooq ignore stop]

-- An opening window. At most one is open at a time; an optional cap on the number of confirmed applications
-- closes it by itself, exactly at the cap (the counter is raised by a conditional update in the confirming
-- transaction, and the check below holds even against a faulty code path).
create table campaign (
    id              bigint generated always as identity primary key,
    name            varchar(200) not null,
    state           varchar(20) not null,
    planned_opening date,
    cap             integer,
    confirmed_count integer not null default 0,
    created_at      timestamp with time zone not null,
    created_by      varchar(200) not null,
    opened_at       timestamp with time zone,
    closed_at       timestamp with time zone,
    closed_reason   varchar(20),
    constraint campaign_state_check check (state in ('PLANNED', 'OPEN', 'CLOSED')),
    constraint campaign_cap_positive check (cap is null or cap > 0),
    constraint campaign_cap_respected check (cap is null or confirmed_count <= cap)
);
create unique index campaign_single_open_idx on campaign (state) where state = 'OPEN';

-- People who asked to be told when the next campaign opens. Used for that and nothing else: each address is
-- erased once told, or earlier by the link in the acknowledgement.
create table campaign_subscriber (
    id                     bigint generated always as identity primary key,
    email                  varchar(254) not null,
    language               varchar(10) not null,
    subscribed_at          timestamp with time zone not null,
    unsubscribe_token_hash varchar(64) not null,
    constraint campaign_subscriber_email_key unique (email),
    constraint campaign_subscriber_token_key unique (unsubscribe_token_hash)
);

-- An association's application, from submission to decision. Tokens are stored as SHA-256 hashes only.
-- name_key, email_key and search_text are normalised copies (lower case, no accents) for the flags and search.
create table application (
    id                      bigint generated always as identity primary key,
    campaign_id             bigint not null references campaign (id),
    state                   varchar(30) not null,
    language                varchar(10) not null,
    organisation_name       varchar(200) not null,
    kind                    varchar(30) not null,
    official_identifier     varchar(14),
    country                 varchar(2) not null,
    main_language           varchar(3) not null,
    purpose                 varchar(4000) not null,
    member_count            integer not null,
    annual_budget           bigint not null,
    why_not_paid            varchar(2000) not null,
    slug                    varchar(30) not null,
    contact_name            varchar(200) not null,
    contact_email           varchar(254) not null,
    name_key                varchar(200) not null,
    email_key               varchar(254) not null,
    search_text             varchar(800) not null,
    submission_key          varchar(36),
    submitted_at            timestamp with time zone not null,
    confirmation_token_hash varchar(64) not null,
    confirmed_at            timestamp with time zone,
    review_due_at           timestamp with time zone,
    status_token_hash       varchar(64),
    assigned_to             varchar(64),
    decided_at              timestamp with time zone,
    decided_by              varchar(200),
    decision_reason         varchar(2000),
    ended_at                timestamp with time zone,
    constraint application_state_check check (state in
        ('UNCONFIRMED', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'DEFERRED', 'WITHDRAWN', 'EXPIRED')),
    constraint application_confirmation_token_key unique (confirmation_token_hash),
    constraint application_status_token_key unique (status_token_hash),
    constraint application_submission_key unique (submission_key)
);
-- A desired address is held by one live application at a time (spaces hold theirs in the space table).
create unique index application_live_slug_idx on application (slug)
    where state in ('UNCONFIRMED', 'IN_REVIEW', 'DEFERRED', 'APPROVED');
-- The review queue: oldest confirmed first, within a state, a campaign or a reviewer.
create index application_queue_idx on application (state, confirmed_at, id) where confirmed_at is not null;
create index application_campaign_queue_idx on application (campaign_id, confirmed_at, id) where confirmed_at is not null;
create index application_assignee_queue_idx on application (assigned_to, confirmed_at, id) where confirmed_at is not null;
create index application_unconfirmed_idx on application (submitted_at) where state = 'UNCONFIRMED';
create index application_email_key_idx on application (email_key);
create index application_identifier_idx on application (official_identifier) where official_identifier is not null;
-- [jooq ignore start]
create index application_search_trgm_idx on application using gin (search_text gin_trgm_ops);
create index application_name_key_trgm_idx on application using gin (name_key gin_trgm_ops);
-- [jooq ignore stop]

-- The automatic flags of an application, for the queue's filter; their reasons are worked out when shown.
create table application_flag (
    application_id bigint not null references application (id),
    flag           varchar(30) not null,
    primary key (application_id, flag)
);
create index application_flag_flag_idx on application_flag (flag, application_id);

-- Notes between reviewers.
create table review_note (
    id             bigint generated always as identity primary key,
    application_id bigint not null references application (id),
    author         varchar(64) not null,
    written_at     timestamp with time zone not null,
    body           varchar(4000) not null
);
create index review_note_application_idx on review_note (application_id, written_at);

-- The registry of spaces. An approval registers one in state PENDING; provisioning takes it from there.
create table space (
    id                  bigint generated always as identity primary key,
    slug                varchar(30) not null,
    display_name        varchar(200) not null,
    language            varchar(10) not null,
    referent_name       varchar(200) not null,
    referent_email      varchar(254) not null,
    official_identifier varchar(14),
    name_key            varchar(200) not null,
    email_key           varchar(254) not null,
    application_id      bigint,
    state               varchar(20) not null,
    created_at          timestamp with time zone not null,
    created_by          varchar(200) not null,
    constraint space_slug_key unique (slug),
    constraint space_application_key unique (application_id)
);
create index space_email_key_idx on space (email_key);
create index space_identifier_idx on space (official_identifier) where official_identifier is not null;
-- [jooq ignore start]
create index space_name_key_trgm_idx on space using gin (name_key gin_trgm_ops);
-- [jooq ignore stop]

-- Fixed one-hour windows of attempts per client address (hashed) and per contact address, against bots.
create table rate_limit_window (
    bucket       varchar(100) not null,
    window_start timestamp with time zone not null,
    hits         integer not null,
    primary key (bucket, window_start)
);

-- The staff's audit log page filters by target and by action.
create index audit_event_target_idx on audit_event (target, id desc);
create index audit_event_action_idx on audit_event (action, id desc);

-- Without SMTP (the local default) delivered-to-the-log messages stay unsent; the outbox job looks for those not
-- logged yet. Without this index each of its batches walked past every message ever logged.
create index mail_outbox_unlogged_idx on mail_outbox (next_attempt_at, id) where sent_at is null and logged_at is null;
