-- Why the last hand-over of a space to provisioning failed (the API server refused the Space resource: 422, 403,
-- 409, ... or could not be reached), shown to staff until a hand-over succeeds, so that an approved space is never
-- silently pending.
alter table space add column handover_problem text;
alter table space add column handover_problem_at timestamp with time zone;
