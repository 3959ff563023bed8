-- run_job: while another session holds a job's lock (is running it), a second run does not
-- run the job; it records that it skipped. The other session is real: a dblink connection.
begin;
select plan(6);

create extension if not exists dblink with schema extensions;
create table app.test_overlap_runs (id serial primary key);
create function app.job_test_overlap() returns jsonb
language sql
as $$ insert into app.test_overlap_runs default values returning jsonb_build_object('ran', id) $$;

-- the second session connects as this one does (pg_prove's psql has its settings)
\getenv pg_host PGHOST
\getenv pg_password PGPASSWORD
select extensions.dblink_connect(
    'other',
    pg_catalog.format(
        'dbname=%s user=%s port=%s host=%s password=%s',
        pg_catalog.current_database(),
        current_user,
        pg_catalog.current_setting('port'),
        :'pg_host',
        :'pg_password'
    )
);
-- the other session starts a run of the job: it takes the job's lock and keeps it open
select extensions.dblink_exec('other', 'begin');
select is(
    (
        select t.locked from extensions.dblink(
            'other',
            pg_catalog.format(
                'select pg_try_advisory_xact_lock(%s)', app.job_lock_key('test_overlap')
            )
        ) as t (locked boolean)
    ),
    true,
    'the other session holds the lock of job test_overlap'
);

select is(
    app.run_job('test_overlap', 'cli') ->> 'status', 'skipped',
    'a run while the other is running skips'
);
select is_empty($$ select 1 from app.test_overlap_runs $$, 'the skipped run did not run the job');
select results_eq(
    $$ select status, runner, error from app.job_runs where job = 'test_overlap' $$,
    $$ values ('skipped'::text, 'cli'::text, null::jsonb) $$,
    'the skip is recorded'
);

-- the other session finishes; its lock goes with its transaction
select extensions.dblink_exec('other', 'rollback');
select extensions.dblink_disconnect('other');
select is(
    app.run_job('test_overlap', 'cli') ->> 'status', 'succeeded', 'then the job runs'
);
select is(
    (select count(*)::integer from app.test_overlap_runs), 1, 'and did its work once'
);

select * from finish();
rollback;
