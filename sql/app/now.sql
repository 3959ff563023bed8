-- now: the clock every time-dependent rule reads (age, today's date in a time zone, rate-limit
-- refill, retention). One function so that tests can stop time: tests.freeze_time(ts) replaces
-- its body inside the test's transaction. Stamps of who-did-what-when keep pg_catalog.now().
-- clock_timestamp, not now(): a rate-limit caller that waited for a lock must see the time it
-- got the lock, not the time its transaction began.
create or replace function app.now() returns timestamptz
language sql
volatile
security invoker
set search_path = ''
as $$
    select pg_catalog.clock_timestamp()
$$;

comment on function app.now() is
'The current time as the platform''s rules see it (tests may freeze it).';

revoke execute on function app.now() from public, anon;
grant execute on function app.now() to authenticated, service_role;
