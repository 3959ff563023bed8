-- requires: sql/app/job_lock_key.sql
-- requires: sql/app/record_job_run.sql

-- run_job: the one way every runner starts a job (pg_cron, the jobs function, samia serve's
-- scheduler, samia jobs run): runs app.job_<p_job>() once and records the run in app.job_runs.
-- Two runs of one job never overlap: the job's transaction-level advisory lock is held until
-- the caller's transaction ends (the jobs function keeps it open through the job's Python step),
-- and a run that finds it taken does nothing but record that it skipped. A job that raises is
-- rolled back to before it started; its error ({code, message, detail, hint}) is recorded and
-- returned instead of raised, so the record survives (the Python runners raise it afterwards;
-- under pg_cron the run row is where it shows). Raises JOBNF for a name that is no job.
-- Invoker: the caller's grants on each job function decide whether it may run it.
create or replace function app.run_job(p_job text, p_runner text default 'sql') returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_started_at timestamptz := pg_catalog.clock_timestamp();
    v_status text;
    v_result jsonb;
    v_error jsonb;
    v_code text;
    v_message text;
    v_detail text;
    v_hint text;
    v_run_id bigint;
begin
    if
        p_job is null
        or p_job !~ '^[a-z_]{1,59}$'
        or not exists (
            select 1
            from pg_catalog.pg_proc as p
            inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
            where
                n.nspname = 'app'
                and p.proname = 'job_' || p_job
                and p.pronargs = 0
                and p.prokind = 'f'
        )
    then
        raise exception 'Unknown job %', p_job
            using
                errcode = 'JOBNF',
                detail = pg_catalog.jsonb_build_object('job', p_job)::text,
                hint = 'Jobs are app.job_<name>() functions without arguments.';
    end if;

    if not pg_catalog.pg_try_advisory_xact_lock(app.job_lock_key(p_job)) then
        v_status := 'skipped';
        v_result := pg_catalog.jsonb_build_object('skipped', 'the job was already running');
    else
        begin
            execute pg_catalog.format('select pg_catalog.to_jsonb(app.%I())', 'job_' || p_job)
            into v_result;
            v_status := 'succeeded';
        exception when others then
            -- recorded and returned, not swallowed: the block's rollback undid the job's work
            get stacked diagnostics
                v_code = returned_sqlstate,
                v_message = message_text,
                v_detail = pg_exception_detail,
                v_hint = pg_exception_hint;
            v_status := 'failed';
            v_error := pg_catalog.jsonb_build_object(
                'code', v_code,
                'message', v_message,
                'detail', nullif(v_detail, ''),
                'hint', nullif(v_hint, '')
            );
        end;
    end if;

    v_run_id := app.record_job_run(p_job, p_runner, v_status, v_started_at, v_result, v_error);
    return pg_catalog.jsonb_build_object(
        'run_id', v_run_id,
        'job', p_job,
        'status', v_status,
        'result', v_result,
        'error', v_error
    );
end;
$$;

comment on function app.run_job(text, text) is
'Runs app.job_<name>() once, never two at a time, and records the run in app.job_runs; '
'returns {run_id, job, status, result, error}. Errors: JOBNF.';

revoke execute on function app.run_job(text, text) from public, anon, authenticated;

grant execute on function app.run_job(text, text) to service_role;
