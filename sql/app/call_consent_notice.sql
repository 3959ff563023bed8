-- call_consent_notice: what a party hears before a call and its recording start, in their
-- language (setting calls.consent_notice: {"en": "...", "ar": "..."}); English when the
-- language has no text.

-- Definer because the voice webhooks' service role cannot read app.app_settings; returns one
-- text.
create or replace function app.call_consent_notice(p_language text) returns text
language sql
stable
security definer
set search_path = ''
as $$
    select coalesce(s.value ->> p_language, s.value ->> 'en')
    from app.app_settings as s
    where s.key = 'calls.consent_notice'
$$;

comment on function app.call_consent_notice(text) is
'The recording and monitoring notice of live calls in a language (ar or en).';

revoke execute on function app.call_consent_notice(text) from public, anon, authenticated;

grant execute on function app.call_consent_notice(text) to service_role;
