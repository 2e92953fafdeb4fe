-- A space's people live in the directory; what the control plane keeps about them is what is not a person yet:
-- invitations (sent by an admin, or the referent's when the space was approved), sign-ups through the join link
-- waiting for an admin, the join link itself, and the links that let a person set their own password.

create table member_invitation (
    id           bigint generated always as identity primary key,
    space_id     bigint not null references space (id),
    -- INVITATION: an admin (or the approval) invited this address; JOIN_REQUEST: someone signed up with the join link.
    kind         varchar(20) not null,
    email        varchar(254) not null,
    -- Lower-cased email, for "one live invitation per address and space".
    email_key    varchar(254) not null,
    display_name varchar(200),
    as_admin     boolean not null default false,
    -- The referent's invitation, made when the space was approved: at most one per space.
    first_admin  boolean not null default false,
    language     varchar(10) not null,
    -- AWAITING_APPROVAL (join request), PENDING (link sent), ACCEPTED, REVOKED, REFUSED, EXPIRED.
    state        varchar(20) not null,
    token_hash   varchar(64),
    created_at   timestamp with time zone not null,
    created_by   varchar(200) not null,
    expires_at   timestamp with time zone not null,
    sent_at      timestamp with time zone,
    decided_at   timestamp with time zone,
    decided_by   varchar(200),
    accepted_uid varchar(64),
    constraint member_invitation_kind_check check (kind in ('INVITATION', 'JOIN_REQUEST')),
    constraint member_invitation_state_check check (state in
        ('AWAITING_APPROVAL', 'PENDING', 'ACCEPTED', 'REVOKED', 'REFUSED', 'EXPIRED')),
    constraint member_invitation_token_key unique (token_hash)
);
create unique index member_invitation_live_email_idx on member_invitation (space_id, email_key)
    where state in ('AWAITING_APPROVAL', 'PENDING');
create unique index member_invitation_first_admin_idx on member_invitation (space_id) where first_admin;
create index member_invitation_space_idx on member_invitation (space_id, state, expires_at);

-- The link an admin shares: whoever opens it may ask to join; an admin approves each request. One per space;
-- rotating replaces the token, turning it off deletes the row.
create table join_link (
    space_id   bigint primary key references space (id),
    token_hash varchar(64) not null,
    created_at timestamp with time zone not null,
    created_by varchar(200) not null,
    expires_at timestamp with time zone not null,
    constraint join_link_token_key unique (token_hash)
);

-- A link to set one's own password: sent for an account an admin created (or an import created). Single use.
create table password_link (
    id         bigint generated always as identity primary key,
    space_id   bigint not null references space (id),
    uid        varchar(64) not null,
    purpose    varchar(20) not null,
    token_hash varchar(64) not null,
    created_at timestamp with time zone not null,
    created_by varchar(200) not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone,
    constraint password_link_token_key unique (token_hash)
);
create index password_link_person_idx on password_link (space_id, uid) where used_at is null;
