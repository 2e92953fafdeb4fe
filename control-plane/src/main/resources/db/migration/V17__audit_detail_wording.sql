-- An audit entry's detail that Essaim composes is kept as data, to be worded in the reader's language: the wording's
-- code (audit.detail.<code> in the bundles) and its arguments (names, counts, versions, as text). `detail` keeps
-- words a person typed (a decision's reason, a campaign's name) and what other systems said, as before; entries
-- recorded before this migration keep their English detail there.
alter table audit_event add column detail_code varchar(100);
alter table audit_event add column detail_arguments text[];
