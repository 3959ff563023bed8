-- requires: sql/app/call_setting.sql
-- requires: sql/app/assert_reader_available.sql

-- assert_call_slot: the one home of "a client may take this slot with this reader", for a new
-- booking and a rescheduled one alike. In order: a length of 15, 30, 45 or 60 minutes (CLMIN;
-- detail {"minutes", "allowed"}); a start at least calls.booking_lead_minutes after app.now()
-- (CLLEA; detail {"starts_at", "earliest", "lead_minutes"}); a start on a quarter hour, so no
-- booking leaves gaps no call fits (CLGRD; detail {"starts_at", "grid_minutes"}); an end at most
-- calls.booking_horizon_days after app.now(), so nobody holds a reader's time years ahead
-- (CLFAR; detail {"starts_at", "latest_end", "horizon_days"}); the whole slot inside the reader's
-- availability, in the reader's time zone, after exceptions (CLNAV,
-- app.assert_reader_available). Whether the slot is still free is the exclusion constraint's
-- business (app.raise_call_conflict). Returns the slot [starts_at, starts_at + minutes).
create or replace function app.assert_call_slot(
    p_reader_id uuid,
    p_starts_at timestamptz,
    p_minutes integer
) returns tstzrange
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_lead integer := app.call_setting('booking_lead_minutes');
    v_horizon integer := app.call_setting('booking_horizon_days');
    v_earliest timestamptz;
    v_latest_end timestamptz;
    v_slot tstzrange;
begin
    if p_minutes is null or p_minutes not in (15, 30, 45, 60) then
        raise exception 'A call lasts 15, 30, 45 or 60 minutes, not %', coalesce(p_minutes::text, 'null')
            using
                errcode = 'CLMIN',
                detail = pg_catalog.jsonb_build_object(
                    'minutes', p_minutes, 'allowed', pg_catalog.jsonb_build_array(15, 30, 45, 60)
                )::text,
                hint = 'Book 15, 30, 45 or 60 minutes.';
    end if;
    v_earliest := app.now() + pg_catalog.make_interval(mins => v_lead);
    if p_starts_at is null or not pg_catalog.isfinite(p_starts_at) or p_starts_at < v_earliest then
        raise exception 'A call starts at least % minutes from now', v_lead
            using
                errcode = 'CLLEA',
                detail = pg_catalog.jsonb_build_object(
                    'starts_at', p_starts_at, 'earliest', v_earliest, 'lead_minutes', v_lead
                )::text,
                hint = 'Pick a later start.';
    end if;
    -- whole quarter hours since the epoch: a quarter hour in every zone, whose offsets are all
    -- multiples of 15 minutes
    if extract(epoch from p_starts_at) % 900 <> 0 then
        raise exception 'A call starts on a quarter hour, not at %', p_starts_at
            using
                errcode = 'CLGRD',
                detail = pg_catalog.jsonb_build_object(
                    'starts_at', p_starts_at, 'grid_minutes', 15
                )::text,
                hint = 'Start at :00, :15, :30 or :45.';
    end if;
    -- compared by the latest start, so that a start near the end of time cannot overflow
    v_latest_end := app.now() + pg_catalog.make_interval(days => v_horizon);
    if p_starts_at > v_latest_end - pg_catalog.make_interval(mins => p_minutes) then
        raise exception 'A call ends at most % days from now', v_horizon
            using
                errcode = 'CLFAR',
                detail = pg_catalog.jsonb_build_object(
                    'starts_at', p_starts_at, 'latest_end', v_latest_end, 'horizon_days', v_horizon
                )::text,
                hint = 'Pick an earlier start.';
    end if;
    v_slot := pg_catalog.tstzrange(
        p_starts_at, p_starts_at + pg_catalog.make_interval(mins => p_minutes)
    );
    perform app.assert_reader_available(p_reader_id, v_slot);
    return v_slot;
end;
$$;

comment on function app.assert_call_slot(uuid, timestamptz, integer) is
'Checks a call slot (length, lead time, quarter hour, horizon, the reader''s availability) and '
'returns it. '
'Errors: CLMIN, CLLEA, CLGRD, CLFAR, CLNAV.';

revoke execute on function app.assert_call_slot(uuid, timestamptz, integer) from public, anon;

grant execute on function app.assert_call_slot(uuid, timestamptz, integer)
to authenticated, service_role;
