-- Two-step sign-in (TOTP, RFC 6238). One row per account that enrolled or is enrolling: "account" is the
-- sign-in name, a staff uid or "<uid>@<space>" (uids never hold an @). The shared secret is sealed (AES-GCM with
-- the platform's two-step key), never stored or logged in clear. Until confirmed_at is set the enrolment is only
-- started and does not count at sign-in. last_used_step refuses a code used twice within its 30-second step.
create table two_step_secret (
    account        varchar(200) primary key,
    space_slug     varchar(64),
    sealed_secret  bytea       not null,
    created_at     timestamptz not null,
    confirmed_at   timestamptz,
    last_used_step bigint      not null default -1
);
create index two_step_secret_space on two_step_secret (space_slug);

-- One-time recovery codes, shown once at enrolment, kept hashed; a used code is marked, never reused.
create table two_step_recovery_code (
    account   varchar(200) not null references two_step_secret (account) on delete cascade,
    code_hash varchar(64) not null,
    used_at   timestamptz,
    primary key (account, code_hash)
);

-- What a space's admins require: nobody (no row), its admins, or everyone in it.
create table two_step_space_rule (
    space_slug   varchar(64) primary key,
    required_for varchar(16) not null check (required_for in ('ADMINS', 'EVERYONE')),
    changed_at   timestamptz not null,
    changed_by   text        not null
);
