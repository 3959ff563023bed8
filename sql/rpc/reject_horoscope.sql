-- reject_horoscope: a monitor rejects a pending horoscope audio, or withdraws an approved one,
-- with a reason (transition `reject`: pending/approved -> rejected; seed: POST
-- /api/horoscopes/{id}/reject). Staff then re-ingest or regenerate it.
-- Callable by authenticated monitors, admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (not a monitor), RSNRQ (reason missing or over 1000
-- characters), ZHNOF, ZHTRN (already rejected, or failed).
create or replace function public.reject_horoscope(p_horoscope_id uuid, p_reason text)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    return app.horoscope_json(app.transition_horoscope(
        p_horoscope_id, 'reject', app.require_reason(p_reason)
    ));
end;
$$;

comment on function public.reject_horoscope(uuid, text) is
'Monitors: rejects a pending or approved daily horoscope with a reason. '
'Errors: USRBL, 42501, RSNRQ, ZHNOF, ZHTRN.';

revoke execute on function public.reject_horoscope(uuid, text) from public, anon;
grant execute on function public.reject_horoscope(uuid, text) to authenticated;
