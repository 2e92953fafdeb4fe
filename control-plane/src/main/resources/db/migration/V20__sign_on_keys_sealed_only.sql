-- Every signing key is sealed now (V19): the clear column goes.
alter table sign_on_signing_key drop column jwk;
alter table sign_on_signing_key alter column sealed_jwk set not null;
