-- requires: sql/app/call_setting.sql
-- requires: sql/app/call_natural_end_reason.sql
-- requires: sql/app/now.sql
-- job_end_stuck_calls: finds the calls to end, and why (it changes nothing itself: ending a
-- call means hanging it up at Twilio first, which the jobs function does for each call found,
-- then records the end with app.call_record_end). In order of precedence:
--   party_blocked: the reader or the client has been blocked since the call was dialled (a
--     block also ends a call under way, not only the calls to come);
--   time_limit: under way for longer than the booked length plus calls.grace_minutes;
--   stuck: not one Twilio callback calls.silent_minutes after the dialling (its conference
--     is silent: nothing can be known about it);
--   no_show_*: a party has not joined calls.no_show_minutes after the start (or after the
--     dialling, if later), and the conference has not started (a started conference has both
--     parties bridged, even when one of their join callbacks never arrived).
-- Returns {"calls": [{"call_id", "order_id", "conference_sid", "reader_call_sid",
-- "client_call_sid", "reason"}]}.
create or replace function app.job_end_stuck_calls() returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    with limits as (
        select
            pg_catalog.make_interval(mins => app.call_setting('grace_minutes')) as grace,
            pg_catalog.make_interval(mins => app.call_setting('no_show_minutes')) as no_show,
            pg_catalog.make_interval(mins => app.call_setting('silent_minutes')) as silent
    ),

    verdicts as (
        select
            c.id,
            c.order_id,
            c.conference_sid,
            c.reader_call_sid,
            c.client_call_sid,
            case
                when exists (
                    select 1 from app.profiles as p
                    where p.id in (b.reader_id, b.client_id) and p.is_blocked
                )
                    then 'party_blocked'
                when
                    c.state in ('waiting', 'in_progress')
                    and app.now() >= coalesce(
                        c.started_at, least(c.reader_joined_at, c.client_joined_at)
                    ) + pg_catalog.make_interval(secs => c.time_limit_seconds) + l.grace
                    then 'time_limit'
                when c.last_event_at is null and app.now() >= c.initiated_at + l.silent
                    then 'stuck'
                when
                    c.started_at is null
                    and (c.reader_joined_at is null or c.client_joined_at is null)
                    and app.now() >= greatest(b.starts_at, c.initiated_at) + l.no_show
                    then app.call_natural_end_reason(c.reader_joined_at, c.client_joined_at)
            end as reason
        from app.calls as c
        inner join app.call_bookings as b on b.order_id = c.order_id
        cross join limits as l
        where c.state <> 'ended'
    )

    select pg_catalog.jsonb_build_object(
        'calls', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'call_id', v.id, 'order_id', v.order_id, 'conference_sid', v.conference_sid,
            'reader_call_sid', v.reader_call_sid, 'client_call_sid', v.client_call_sid,
            'reason', v.reason
        ) order by v.id), '[]'::jsonb)
    )
    from verdicts as v
    where v.reason is not null
$$;

comment on function app.job_end_stuck_calls() is
'Job: the calls over their length plus grace, with a no-show, or silent too long, and why; the '
'jobs function ends them at Twilio and records the end.';

revoke execute on function app.job_end_stuck_calls() from public, anon, authenticated;

grant execute on function app.job_end_stuck_calls() to service_role;
