-- job_lock_key: the advisory-lock key of one job, so that two runs of it never overlap
-- (app.run_job takes it with pg_try_advisory_xact_lock). One 64-bit key per job name, in a
-- namespace of its own ('app.job:') so that it does not meet other advisory locks.
create or replace function app.job_lock_key(p_job text) returns bigint
language sql
immutable
security invoker
set search_path = ''
as $$
    select pg_catalog.hashtextextended('app.job:' || p_job, 0)
$$;

comment on function app.job_lock_key(text) is
'The advisory-lock key that keeps two runs of one job from overlapping.';

revoke execute on function app.job_lock_key(text) from public, anon, authenticated;

grant execute on function app.job_lock_key(text) to service_role;
