-- sync_pg_cron_jobs: without pg_cron it does nothing; with it (here a stand-in cron schema with
-- pg_cron's job table and its schedule/unschedule signatures) every declared job without a
-- Python step is scheduled to run through app.run_job, the jobs with a Python step are left to
-- the jobs function, and stale entries (undeclared samia_*, the old hourly purge) go.
begin;
select plan(6);

select is(app.sync_pg_cron_jobs(), '{"pg_cron": false}'::jsonb, 'no pg_cron: nothing to do');
select is(
    (select count(*)::integer from app.scheduled_jobs() where runner = 'scheduler'),
    (select count(*)::integer from app.jobs_schedule()),
    'without pg_cron every job is the jobs function''s'
);

create schema cron;
create table cron.job (jobname text primary key, schedule text, command text);
create function cron.schedule(p_name text, p_schedule text, p_command text) returns bigint
language sql
as $$
    insert into cron.job values (p_name, p_schedule, p_command)
    on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command
    returning 1::bigint
$$;
create function cron.unschedule(p_name text) returns boolean
language sql
as $$ delete from cron.job where jobname = p_name returning true $$;
insert into cron.job values
('purge_rate_limit_buckets', '17 * * * *', 'select app.job_purge_rate_limit_buckets()'),
('samia_gone', '* * * * *', 'select app.run_job(''gone'', ''pg_cron'')'),
('someone_elses', '0 * * * *', 'select 1');

select ok(app.pg_cron_installed(), 'the stand-in counts as pg_cron');
select lives_ok($$ select app.sync_pg_cron_jobs() $$, 'the sync runs');
select results_eq(
    $$ select jobname, schedule, command from cron.job order by 1 $$,
    $$
        select 'samia_' || s.job, s.schedule, format('select app.run_job(%L, %L)', s.job, 'pg_cron')
        from app.jobs_schedule() as s
        where not s.python_step
        union all
        select 'someone_elses', '0 * * * *', 'select 1'
        order by 1
    $$,
    'pg_cron runs exactly the declared jobs without a Python step, and keeps others'' jobs'
);
select set_eq(
    $$ select job from app.scheduled_jobs() where runner = 'scheduler' $$,
    $$ select job from app.jobs_schedule() where python_step $$,
    'the jobs with a Python step are left to the jobs function'
);

select * from finish();
rollback;
