-- Test-database stand-ins for objects the real migrations own, so these tests do not depend on
-- the project's schema: app.current_role() reads a tiny role table instead of app.profiles, and
-- app.job_* functions exercise the jobs endpoint. Loaded only into this test database.

create schema if not exists app;
grant usage on schema app to authenticated, service_role;

create table app.test_roles (
    user_id uuid primary key,
    role text not null
);

-- definer, like the real one: callers cannot read app.test_roles themselves
create function app.current_role() returns text
language sql
stable
security definer
set search_path = ''
as $$
    select r.role
    from app.test_roles as r
    where r.user_id = (select auth.uid())
$$;

revoke execute on function app.current_role() from public, anon;
grant execute on function app.current_role() to authenticated, service_role;

-- a job that proves who ran it and that its writes are committed
create table app.test_job_runs (
    id bigint generated always as identity primary key,
    ran_as text not null
);

create function app.job_ping() returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
    insert into app.test_job_runs (ran_as) values (current_user)
    returning jsonb_build_object('pong', true, 'ran_as', ran_as, 'run', id)
$$;

grant insert, select on app.test_job_runs to service_role;
revoke execute on function app.job_ping() from public;
grant execute on function app.job_ping() to service_role;

-- a job that returns nothing
create function app.job_noop() returns void
language sql
volatile
security invoker
set search_path = ''
as $$ select $$;

revoke execute on function app.job_noop() from public;
grant execute on function app.job_noop() to service_role;

-- not a job: it takes an argument
create function app.job_with_argument(p_days integer) returns integer
language sql
immutable
security invoker
set search_path = ''
as $$ select p_days $$;

-- a job the service role may not run: the database's grants decide, not the endpoint
create function app.job_forbidden() returns integer
language sql
immutable
security invoker
set search_path = ''
as $$ select 1 $$;

revoke execute on function app.job_forbidden() from public;

-- a business error raised by a job reaches the caller with its code
create function app.job_fails() returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    raise exception 'The test job failed' using errcode = 'TSTJF', hint = 'Expected in tests.';
end;
$$;

revoke execute on function app.job_fails() from public;
grant execute on function app.job_fails() to service_role;

-- a job that reports the request id the database sees (the audit log reads it the same way)
create function app.job_request_id() returns text
language sql
stable
security invoker
set search_path = ''
as $$ select nullif(pg_catalog.current_setting('request.headers', true), '')::json ->> 'x-request-id' $$;

revoke execute on function app.job_request_id() from public;
grant execute on function app.job_request_id() to service_role;
