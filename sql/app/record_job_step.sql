-- record_job_step: adds the outcome of a job's Python step (Storage files, audio measurement;
-- samia_functions.job_steps) to its run in app.job_runs, under result.step, and marks the run
-- failed when the step failed. Returns the run as app.run_job does. Definer for the same reason
-- as app.record_job_run: no API role writes app.job_runs; this touches only the one run.
create or replace function app.record_job_step(
    p_run_id bigint,
    p_step jsonb,
    p_error jsonb
)
returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
    update app.job_runs as r
    set
        result = coalesce(r.result, '{}'::jsonb) || pg_catalog.jsonb_build_object('step', p_step),
        status = case when p_error is null then r.status else 'failed' end,
        error = coalesce(p_error, r.error),
        finished_at = pg_catalog.clock_timestamp()
    where r.id = p_run_id
    returning pg_catalog.jsonb_build_object(
        'run_id', r.id,
        'job', r.job,
        'status', r.status,
        'result', r.result,
        'error', r.error
    )
$$;

comment on function app.record_job_step(bigint, jsonb, jsonb) is
'Adds the outcome of a job''s Python step to its app.job_runs row; returns the run.';

revoke execute on function app.record_job_step(bigint, jsonb, jsonb)
from public, anon, authenticated;

grant execute on function app.record_job_step(bigint, jsonb, jsonb) to service_role;
