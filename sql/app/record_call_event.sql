-- requires: sql/app/calls_enforce_progress.sql
-- requires: sql/app/call_leg_left.sql
-- record_call_event: applies one Twilio status callback to its call (the voice webhooks call
-- it as the service role, after checking the signature). The event is stored once: a repeat
-- of the same provider id, event and sequence number changes nothing and answers
-- {"duplicate": true}. Otherwise the call moves forward only, whatever the order callbacks
-- arrive in: join times keep the earliest, leave times the latest, the state the highest rank
-- (app.calls_enforce_progress guards the rest). A conference starts only with both parties in
-- it (monitors join started calls only), so its start is also each party's latest possible
-- join: a lost join callback never turns a call that happened into a no-show. A monitor's
-- listening leg that leaves (app.call_leg_left) gets its left_at, so the monitor may listen
-- again. A finished recording becomes a media_assets row of purpose call_recording, owned by
-- the call's reader, pending its copy into Storage (details.stored_at = 'twilio'); the answer
-- names it as recording_media_id so that the webhook copies it (a duplicate callback names
-- none). Raises VCNOC (no such call).
-- Invoker: only service_role may execute it, and it has the table grants it needs.
create or replace function app.record_call_event(
    p_call_id uuid,
    p_source text,
    p_provider_sid text,
    p_event text,
    p_sequence integer,
    p_occurred_at timestamptz,
    p_params jsonb
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_call app.calls;
    v_event_id bigint;
    v_at timestamptz := coalesce(p_occurred_at, app.now());
    v_party text;
    v_state text;
    v_reader_id uuid;
    v_media_id uuid;
begin
    select c.* into v_call from app.calls as c where c.id = p_call_id for update;
    if not found then
        raise exception 'No call %', p_call_id
            using
                errcode = 'VCNOC',
                detail = pg_catalog.jsonb_build_object('call_id', p_call_id)::text,
                hint = 'The callback names a call this database does not know.';
    end if;
    insert into app.call_events (
        call_id, source, provider_sid, event, sequence_number, occurred_at, params
    )
    values (
        p_call_id, p_source, p_provider_sid, p_event, coalesce(p_sequence, 0), p_occurred_at,
        coalesce(p_params, '{}'::jsonb)
    )
    on conflict on constraint call_events_once do nothing
    returning id into v_event_id;
    if v_event_id is null then  -- a retry or duplicate: already applied
        return pg_catalog.jsonb_build_object(
            'call_id', p_call_id, 'state', v_call.state, 'duplicate', true
        );
    end if;

    v_party := case
        when p_params ->> 'ParticipantLabel' in ('reader', 'client')
            then p_params ->> 'ParticipantLabel'
        when p_params ->> 'CallSid' = v_call.reader_call_sid then 'reader'
        when p_params ->> 'CallSid' = v_call.client_call_sid then 'client'
    end;
    v_state := case
        when p_source = 'conference' and p_event = 'participant-join' and v_party is not null
            then 'waiting'
        when p_source = 'conference' and p_event = 'conference-start' then 'in_progress'
        when p_source = 'conference' and p_event = 'conference-end' then 'ended'
        else v_call.state
    end;
    if (select s.rank from app.call_states as s where s.state = v_state)
        < (select s.rank from app.call_states as s where s.state = v_call.state)
    then
        v_state := v_call.state;  -- late: the call is already further along
    end if;

    update app.calls as c
    set
        state = v_state,
        conference_sid = case
            when p_source = 'conference' then coalesce(c.conference_sid, p_provider_sid)
            else c.conference_sid
        end,
        reader_joined_at = case
            when
                (p_event = 'participant-join' and v_party = 'reader')
                or (p_source = 'conference' and p_event = 'conference-start')
                then least(coalesce(c.reader_joined_at, v_at), v_at)
            else c.reader_joined_at
        end,
        client_joined_at = case
            when
                (p_event = 'participant-join' and v_party = 'client')
                or (p_source = 'conference' and p_event = 'conference-start')
                then least(coalesce(c.client_joined_at, v_at), v_at)
            else c.client_joined_at
        end,
        reader_left_at = case
            when p_event = 'participant-leave' and v_party = 'reader'
                then greatest(coalesce(c.reader_left_at, v_at), v_at)
            else c.reader_left_at
        end,
        client_left_at = case
            when p_event = 'participant-leave' and v_party = 'client'
                then greatest(coalesce(c.client_left_at, v_at), v_at)
            else c.client_left_at
        end,
        started_at = case
            when p_event = 'conference-start' then least(coalesce(c.started_at, v_at), v_at)
            else c.started_at
        end,
        ended_at = case
            when v_state = 'ended' then coalesce(c.ended_at, v_at)
            else c.ended_at
        end,
        end_reason = case
            when v_state = 'ended' then coalesce(c.end_reason, 'completed')
            else c.end_reason
        end,
        last_event_at = app.now()
    where c.id = p_call_id
    returning c.* into v_call;

    if app.call_leg_left(p_source, p_event) then
        update app.call_monitor_actions as a
        set left_at = v_at
        where
            a.call_id = p_call_id
            and a.action = 'listen'
            and a.participant_call_sid = case
                when p_source = 'call' then p_provider_sid else p_params ->> 'CallSid'
            end
            and a.left_at is null;
    end if;

    if p_source = 'recording' and p_event = 'completed' then
        select b.reader_id into v_reader_id
        from app.call_bookings as b
        where b.order_id = v_call.order_id;
        insert into app.media_assets (
            owner_id, purpose, order_id, kind, bucket, path, mime_type, duration_ms, details
        )
        values (
            v_reader_id, 'call_recording', v_call.order_id, 'audio', 'call-recordings',
            v_call.order_id::text || '/' || p_provider_sid, 'audio/wav',
            (nullif(p_params ->> 'RecordingDuration', '')::integer) * 1000,
            pg_catalog.jsonb_build_object(
                'recording_sid', p_provider_sid,
                'recording_url', p_params ->> 'RecordingUrl',
                'conference_sid', p_params ->> 'ConferenceSid',
                'stored_at', 'twilio'
            )
        )
        on conflict do nothing
        returning id into v_media_id;
    end if;

    return pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'call_id', p_call_id, 'state', v_call.state, 'duplicate', false,
        'recording_media_id', v_media_id
    ));
end;
$$;

comment on function app.record_call_event(uuid, text, text, text, integer, timestamptz, jsonb) is
'Service role: applies one Twilio callback to a call, once, moving it forward only. '
'Errors: VCNOC.';

revoke execute on function app.record_call_event(
    uuid, text, text, text, integer, timestamptz, jsonb
) from public, anon, authenticated;

grant execute on function app.record_call_event(
    uuid, text, text, text, integer, timestamptz, jsonb
) to service_role;
