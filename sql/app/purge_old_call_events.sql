-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- purge_old_call_events: part of app.job_purge_old. Deletes Twilio's callbacks
-- (app.call_events) received more than retention.call_events_days ago about calls that have
-- ended; returns how many. A live call keeps all of its events, since app.record_call_event
-- reads them (a leg that left before its listen was recorded). A late repeat of a purged
-- callback about an ended call changes nothing: a call only moves forward, and it is ended.
-- Definer because no API role may delete call events.
create or replace function app.purge_old_call_events() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.call_events as e
        where
            e.received_at
            < app.now() - pg_catalog.make_interval(days => app.retention_days('call_events'))
            and exists (
                select 1 from app.calls as c
                where c.id = e.call_id and c.state = 'ended'
            )
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.purge_old_call_events() is
'Deletes the callbacks of ended calls received more than retention.call_events_days ago.';

revoke execute on function app.purge_old_call_events() from public, anon, authenticated;

grant execute on function app.purge_old_call_events() to service_role;
