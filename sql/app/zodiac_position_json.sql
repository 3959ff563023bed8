-- zodiac_position_json: where an ecliptic longitude falls in the tropical zodiac, named from
-- app.zodiac_signs (the thirty degrees from 0 are its first sign by sort_order, and so on):
-- {"longitude", "sign", "sign_en", "sign_ar", "element", "degree"} with degree 0 to 30.
create or replace function app.zodiac_position_json(p_longitude double precision) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'longitude', p_longitude,
        'sign', z.code,
        'sign_en', z.name_en,
        'sign_ar', z.name_ar,
        'element', z.element,
        'degree', l.lon - 30 * pg_catalog.floor(l.lon / 30)
    )
    from (select p_longitude - 360 * pg_catalog.floor(p_longitude / 360) as lon) as l
    inner join app.zodiac_signs as z on z.sort_order = pg_catalog.floor(l.lon / 30) + 1
$$;

comment on function app.zodiac_position_json(double precision) is
'The zodiac sign (from app.zodiac_signs) and degree within it of an ecliptic longitude.';

revoke execute on function app.zodiac_position_json(double precision) from public, anon;

grant execute on function app.zodiac_position_json(double precision) to authenticated, service_role;
