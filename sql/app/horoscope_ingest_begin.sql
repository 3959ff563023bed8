-- requires: sql/app/assert_zodiac_sign.sql

-- horoscope_ingest_begin: the checks the ingest function (horoscopes_ingest) asks for before it
-- downloads anything, as the caller: a monitor or admin (USRBL, 42501), a day as YYYY-MM-DD
-- (ZHDAT; detail {"date"}), one to twelve sources keyed by zodiac sign (ZHSGN; detail {"sign",
-- "allowed"}), each an http(s) URL of at most 2000 characters (ZHURL; detail {"sign", "url"}),
-- the shape the table keeps. Returns the day.
create or replace function app.horoscope_ingest_begin(p_sources jsonb, p_date text) returns date
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_source record;
    v_day date;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    begin
        v_day := p_date::date;
    exception when invalid_datetime_format or datetime_field_overflow then
        v_day := null;
    end;
    if v_day is null or p_date !~ '^\d{4}-\d{2}-\d{2}$' then
        raise exception 'The day of the horoscopes must be a date YYYY-MM-DD'
            using
                errcode = 'ZHDAT',
                detail = pg_catalog.jsonb_build_object('date', p_date)::text,
                hint = 'Give the date as YYYY-MM-DD.';
    end if;
    if
        pg_catalog.jsonb_typeof(p_sources) is distinct from 'object'
        or not exists (select 1 from pg_catalog.jsonb_object_keys(p_sources))
    then
        perform app.assert_zodiac_sign(null);  -- no sign at all: ZHSGN with the allowed list
    end if;
    for v_source in select s.key, s.value from pg_catalog.jsonb_each(p_sources) as s loop
        perform app.assert_zodiac_sign(v_source.key);
        if
            pg_catalog.jsonb_typeof(v_source.value) is distinct from 'string'
            or not (v_source.value #>> '{}') ~ '^https?://[^[:space:]]+$'
            or pg_catalog.char_length(v_source.value #>> '{}') > 2000
        then
            raise exception 'The source of % is not an http(s) URL', v_source.key
                using
                    errcode = 'ZHURL',
                    detail = pg_catalog.jsonb_build_object(
                        'sign', v_source.key, 'url', v_source.value
                    )::text,
                    hint = 'Give the video''s link, e.g. https://www.tiktok.com/@user/video/123.';
        end if;
    end loop;
    return v_day;
end;
$$;

comment on function app.horoscope_ingest_begin(jsonb, text) is
'Ingest function: the caller may ingest these sources for this day. '
'Errors: USRBL, 42501, ZHDAT, ZHSGN, ZHURL.';

revoke execute on function app.horoscope_ingest_begin(jsonb, text) from public, anon;

grant execute on function app.horoscope_ingest_begin(jsonb, text) to authenticated;
