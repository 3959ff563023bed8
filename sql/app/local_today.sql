-- requires: sql/app/now.sql

-- The date it is now in a time zone (UTC when none is known): a user's "today", so that age
-- gates and "not in the future" open at the user's local midnight.
create or replace function app.local_today(p_time_zone text) returns date
language sql
volatile
security invoker
set search_path = ''
as $$
    select (app.now() at time zone coalesce(p_time_zone, 'UTC'))::date
$$;

comment on function app.local_today(text) is
'Today''s date in p_time_zone (UTC when null), by app.now().';

revoke execute on function app.local_today(text) from public, anon;

grant execute on function app.local_today(text) to authenticated;

grant execute on function app.local_today(text) to service_role;
