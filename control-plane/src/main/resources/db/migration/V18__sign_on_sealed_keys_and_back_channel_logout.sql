-- The signing keys' private parts are sealed (AES-256-GCM under the platform's sealing key, SecretSeal) before
-- they reach the database: a copy of the database alone cannot sign tokens. V19 (a Java migration,
-- signon.SigningKeySealMigration) seals the rows written in clear before this version; V20 drops the clear column.
alter table sign_on_signing_key add column sealed_jwk bytea;
alter table sign_on_signing_key alter column jwk drop not null;

-- Back-channel logout (OpenID Connect Back-Channel Logout 1.0): one row per logout token owed to one client, kept
-- until it is delivered, refused by the client, or given up on, and retried with back-off in between, like the mail
-- outbox. The token itself is signed at each attempt (fresh iat, the current key); its jti stays the same.
-- sid is the hashed session id the ID tokens carried (null: every session of the person, as after a password
-- change or a disabling).
create table sign_on_logout_delivery (
    id              bigint generated always as identity primary key,
    jti             varchar(64)   not null unique,
    issuer          varchar(500)  not null,
    client_id       varchar(100)  not null,
    logout_uri      varchar(2000) not null,
    subject         varchar(200)  not null,
    sid             varchar(100),
    created_at      timestamptz   not null,
    next_attempt_at timestamptz   not null,
    attempts        integer       not null default 0,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_error      varchar(1000)
);
create index sign_on_logout_delivery_due on sign_on_logout_delivery (next_attempt_at)
    where delivered_at is null and failed_at is null;
