-- requires: sql/app/local_today.sql

-- horoscope_today: the day of the daily horoscopes, on the calendar of the setting
-- horoscopes.time_zone (Asia/Riyadh when unset or not a known zone), by app.now() so tests can
-- freeze it. The public read (policies horoscopes_select_anon, _authenticated) shows only this day.
-- Definer because app_settings is readable by admins only, while anon's policy needs this one
-- date; it reads nothing else.
-- The zone is checked by converting the time with it (an unknown name raises, caught below)
-- rather than by looking it up in pg_timezone_names, which reads every zone file on each call
-- (about 100 ms, paid by every public horoscope read and by ops_snapshot). Only names shaped
-- like IANA ones (Area/Location, UTC) count, not POSIX offsets such as "+03".
create or replace function app.horoscope_today() returns date
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_zone text;
begin
    select s.value #>> '{}' into v_zone
    from app.app_settings as s
    where s.key = 'horoscopes.time_zone' and pg_catalog.jsonb_typeof(s.value) = 'string';
    if v_zone is null or v_zone !~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$' then
        v_zone := 'Asia/Riyadh';
    end if;
    begin
        perform pg_catalog.now() at time zone v_zone;
    exception when invalid_parameter_value then
        v_zone := 'Asia/Riyadh';  -- not a zone this server knows
    end;
    return app.local_today(v_zone);
end;
$$;

comment on function app.horoscope_today() is
'Today''s date for the daily horoscopes (setting horoscopes.time_zone, default Asia/Riyadh).';

revoke execute on function app.horoscope_today() from public;

grant execute on function app.horoscope_today() to anon, authenticated, service_role;
