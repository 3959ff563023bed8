-- pg_cron_installed: whether this database has pg_cron's scheduler (a Supabase project, once
-- the schedule migration created the extension), found by its function cron.schedule. The
-- one test of it: app.scheduled_jobs and app.sync_pg_cron_jobs ask here.
create or replace function app.pg_cron_installed() returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.to_regprocedure('cron.schedule(text,text,text)') is not null
$$;

comment on function app.pg_cron_installed() is
'Whether pg_cron is installed here (cron.schedule exists).';

revoke execute on function app.pg_cron_installed() from public, anon, authenticated;

grant execute on function app.pg_cron_installed() to service_role;
