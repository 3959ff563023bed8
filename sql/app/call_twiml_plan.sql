-- requires: sql/app/call_consent_notice.sql
-- call_twiml_plan: what one leg of a call hears when Twilio asks for its TwiML: the consent
-- notice in the party's language (app.call_consent_notice), the conference and the time
-- limit. Null when the call has ended or is unknown (the leg then hangs up).
create or replace function app.call_twiml_plan(p_call_id uuid, p_leg text) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'conference_name', c.conference_name,
        'time_limit_seconds', c.time_limit_seconds,
        'leg', p_leg,
        'language', p.language,
        'notice', app.call_consent_notice(p.language)
    )
    from app.calls as c
    inner join app.call_bookings as b on b.order_id = c.order_id
    inner join app.profiles as p
        on p.id = case when p_leg = 'reader' then b.reader_id else b.client_id end
    where c.id = p_call_id and c.state <> 'ended' and p_leg in ('reader', 'client')
$$;

comment on function app.call_twiml_plan(uuid, text) is
'Service role: conference, time limit, language and consent notice of one leg of a live call.';

revoke execute on function app.call_twiml_plan(uuid, text) from public, anon, authenticated;

grant execute on function app.call_twiml_plan(uuid, text) to service_role;
