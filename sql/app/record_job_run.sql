-- record_job_run: writes one row of app.job_runs for app.run_job and returns its id.
-- Definer because app.run_job runs as its caller (so the grants on each job function decide
-- who may run it) while no API role may write app.job_runs; this writes only that row.
create or replace function app.record_job_run(
    p_job text,
    p_runner text,
    p_status text,
    p_started_at timestamptz,
    p_result jsonb,
    p_error jsonb
)
returns bigint
language sql
volatile
security definer
set search_path = ''
as $$
    insert into app.job_runs (job, runner, status, started_at, finished_at, result, error)
    values (
        p_job, p_runner, p_status, p_started_at, pg_catalog.clock_timestamp(), p_result, p_error
    )
    returning id
$$;

comment on function app.record_job_run(text, text, text, timestamptz, jsonb, jsonb) is
'Writes one app.job_runs row (for app.run_job); returns its id.';

revoke execute on function app.record_job_run(text, text, text, timestamptz, jsonb, jsonb)
from public, anon, authenticated;

grant execute on function app.record_job_run(text, text, text, timestamptz, jsonb, jsonb)
to service_role;
