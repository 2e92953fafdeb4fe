-- A new signing key is published (JWKS) for essaim.sign-on.key-pre-publication before it signs anything, so that
-- apps which cache the provider's keys (user_oidc: an hour, no refetch on an unknown kid) know it before they
-- meet a token it signed. signs_from is when a key starts signing; the key that signs is the one with the latest
-- signs_from not in the future. The keys made before this version signed from their creation.
alter table sign_on_signing_key add column signs_from timestamptz;
update sign_on_signing_key set signs_from = created_at;
alter table sign_on_signing_key alter column signs_from set not null;
