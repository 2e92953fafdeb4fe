-- Every state change by staff or space admins, with who did it and when.
create table audit_event (
    id          bigint generated always as identity primary key,
    occurred_at timestamp with time zone not null,
    actor       varchar(200) not null,
    action      varchar(100) not null,
    target      varchar(300),
    detail      varchar(2000)
);
create index audit_event_occurred_at_idx on audit_event (occurred_at desc);
create index audit_event_actor_idx on audit_event (actor, occurred_at desc);

-- Transactional outbox: a message is written in the same transaction as the change that causes it and
-- delivered later by the outbox job; an SMTP failure delays a message, never loses it.
create table mail_outbox (
    id              bigint generated always as identity primary key,
    created_at      timestamp with time zone not null,
    recipient       varchar(320) not null,
    locale          varchar(10) not null,
    template        varchar(100) not null,
    subject         varchar(300) not null,
    body            text not null,
    attempts        integer not null default 0,
    next_attempt_at timestamp with time zone not null,
    last_error      varchar(1000),
    sent_at         timestamp with time zone,
    logged_at       timestamp with time zone
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where sent_at is null;
