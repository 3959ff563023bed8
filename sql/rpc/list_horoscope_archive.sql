-- list_horoscope_archive: the admin archive of the daily horoscopes, every sign and state of the
-- last 50 days up to today (app.horoscope_today), newest day first, then by sign (seed: GET
-- /api/horoscopes/archive). The function horoscopes_archive adds signed audio URLs, which only
-- Storage can make. Callable by authenticated admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (not an admin).
create or replace function public.list_horoscope_archive()
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_today date;
begin
    perform app.require_role('admin', 'superadmin');
    v_today := app.horoscope_today();
    return coalesce((
        select pg_catalog.jsonb_agg(app.horoscope_json(h) order by h.horoscope_date desc, z.sort_order)
        from app.horoscopes as h
        inner join app.zodiac_signs as z on h.sign = z.code
        where h.horoscope_date between v_today - 49 and v_today
    ), '[]'::jsonb);
end;
$$;

comment on function public.list_horoscope_archive() is
'Admins: every daily horoscope of the last 50 days, newest first. Errors: USRBL, 42501.';

revoke execute on function public.list_horoscope_archive() from public, anon;
grant execute on function public.list_horoscope_archive() to authenticated;
