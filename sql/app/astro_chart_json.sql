-- requires: sql/app/zodiac_position_json.sql

-- astro_chart_json: an astro order's birth data and chart as callers read it. The chart keeps
-- what create_astro_order stored (method, bodies, aspects, angles, houses, birth) and each
-- longitude gains its sign and degree from app.zodiac_signs (app.zodiac_position_json), so the
-- names of the signs have one home. Invoker: the caller's RLS already let them read the row.
create or replace function app.astro_chart_json(p_astro app.order_astro) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'order_id', p_astro.order_id,
        'birth_date', p_astro.birth_date,
        'birth_time', p_astro.birth_time,
        'time_known', p_astro.birth_time is not null,
        'latitude', p_astro.latitude,
        'longitude', p_astro.longitude,
        'place_label', p_astro.place_label,
        'time_zone', p_astro.time_zone
    )
    || (p_astro.chart - 'bodies' - 'angles' - 'houses')
    || pg_catalog.jsonb_build_object(
        'bodies', (
            select pg_catalog.jsonb_agg(
                b.body || app.zodiac_position_json((b.body ->> 'longitude')::double precision)
                order by b.n
            )
            from pg_catalog.jsonb_array_elements(p_astro.chart -> 'bodies')
                with ordinality as b (body, n)
        ),
        'angles', (
            select pg_catalog.jsonb_object_agg(
                a.key, a.value || app.zodiac_position_json((a.value ->> 'longitude')::double precision)
            )
            from pg_catalog.jsonb_each(
                case
                    when pg_catalog.jsonb_typeof(p_astro.chart -> 'angles') = 'object'
                        then p_astro.chart -> 'angles'
                    else '{}'::jsonb
                end
            ) as a
        ),
        'houses', (
            select pg_catalog.jsonb_agg(
                h.house || app.zodiac_position_json((h.house ->> 'cusp')::double precision)
                order by h.n
            )
            from pg_catalog.jsonb_array_elements(
                case
                    when pg_catalog.jsonb_typeof(p_astro.chart -> 'houses') = 'array'
                        then p_astro.chart -> 'houses'
                    else '[]'::jsonb
                end
            ) with ordinality as h (house, n)
        )
    )
$$;

comment on function app.astro_chart_json(app.order_astro) is
'An astro order''s birth data and chart, each longitude with its zodiac sign and degree.';

revoke execute on function app.astro_chart_json(app.order_astro) from public, anon;

grant execute on function app.astro_chart_json(app.order_astro) to authenticated, service_role;
