-- get_daily_horoscope: the daily horoscope of a sign (seed: GET /api/horoscopes/daily/{sign}).
-- Who sees what is decided by the policies of app.horoscopes: the public (anon and every
-- signed-in user) sees a horoscope only when it is approved and of today
-- (app.horoscope_today: the calendar of the setting horoscopes.time_zone), so p_date other than
-- today finds nothing for them; monitors and admins see every day and state. Returns the
-- horoscope (app.horoscope_json; its audio's bucket and path, to sign with Storage) or null
-- when there is none to show. Callable by anon and authenticated.
-- Raises ZHSGN (unknown sign; detail {"sign", "allowed"}).
create or replace function public.get_daily_horoscope(
    p_sign text,
    p_date date default null
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_horoscope app.horoscopes;
begin
    perform app.assert_zodiac_sign(p_sign);
    select h.* into v_horoscope
    from app.horoscopes as h
    where h.sign = p_sign and h.horoscope_date = coalesce(p_date, app.horoscope_today());
    return app.horoscope_json(v_horoscope);
end;
$$;

comment on function public.get_daily_horoscope(text, date) is
'Today''s approved horoscope of a sign for the public; any day and state for staff. '
'Errors: ZHSGN.';

revoke execute on function public.get_daily_horoscope(text, date) from public;
grant execute on function public.get_daily_horoscope(text, date) to anon, authenticated;
