-- requires: sql/app/local_today.sql

-- horoscope_today: the day of the daily horoscopes, on the calendar of the setting
-- horoscopes.time_zone (Asia/Riyadh when unset or not a known zone), by app.now() so tests can
-- freeze it. The public read (policies horoscopes_select_anon, _authenticated) shows only this day.
-- Definer because app_settings is readable by admins only, while anon's policy needs this one
-- date; it reads nothing else.
create or replace function app.horoscope_today() returns date
language sql
volatile
security definer
set search_path = ''
as $$
    select app.local_today(coalesce(
        (
            select s.value #>> '{}'
            from app.app_settings as s
            where
                s.key = 'horoscopes.time_zone'
                and pg_catalog.jsonb_typeof(s.value) = 'string'
                and exists (select 1 from pg_catalog.pg_timezone_names as z where z.name = s.value #>> '{}')
        ),
        'Asia/Riyadh'
    ))
$$;

comment on function app.horoscope_today() is
'Today''s date for the daily horoscopes (setting horoscopes.time_zone, default Asia/Riyadh).';

revoke execute on function app.horoscope_today() from public;

grant execute on function app.horoscope_today() to anon, authenticated, service_role;
