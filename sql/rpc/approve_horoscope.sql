-- approve_horoscope: a monitor approves a pending horoscope audio (transition `approve`:
-- pending -> approved; seed: POST /api/horoscopes/{id}/approve). The public hears it on its own
-- day only (get_daily_horoscope); approval is the only way to the public.
-- Callable by authenticated monitors, admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (not a monitor), ZHNOF, ZHTRN (not pending).
create or replace function public.approve_horoscope(p_horoscope_id uuid)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    return app.horoscope_json(app.transition_horoscope(p_horoscope_id, 'approve'));
end;
$$;

comment on function public.approve_horoscope(uuid) is
'Monitors: approves a pending daily horoscope. Errors: USRBL, 42501, ZHNOF, ZHTRN.';

revoke execute on function public.approve_horoscope(uuid) from public, anon;
grant execute on function public.approve_horoscope(uuid) to authenticated;
