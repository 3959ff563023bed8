-- astro_draft: the assigned reader's structured summary of an astro order's natal chart, in
-- Arabic and English, to prepare the recorded reading (seed: GET /api/astro/orders/{id}/draft).
-- Callable by authenticated readers, for the orders assigned to them (app.lock_order with the
-- caller as reader: another reader's order, or one assigned to nobody, is missing). Built from
-- the stored chart (app.astro_chart_json, signs from app.zodiac_signs) and app.astro_labels:
-- - placements: the ten planets, the mean north node and (time known) the ascendant and MC,
--   each with sign, degree, house and a sentence in both languages;
-- - strongest_aspects: the five aspects nearest to exact relative to their orb;
-- - elements: how many of the ten planets stand in fire, earth, air and water signs, and the
--   dominant element(s).
-- Volatile only because app.lock_order takes a row lock (call it with POST).
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF (not an order assigned to the
-- caller), ASTNC (the order has no chart).
create or replace function public.astro_draft(p_order_id uuid)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_chart jsonb;
begin
    perform app.require_role('reader');
    perform app.lock_order(p_order_id, p_reader_id => auth.uid());
    v_chart := app.astro_chart_json(app.order_astro_of(p_order_id));
    return (
        with points as (
            select b.value as point
            from pg_catalog.jsonb_array_elements(v_chart -> 'bodies') as b
            union all
            select a.value || pg_catalog.jsonb_build_object('body', a.key)
            from pg_catalog.jsonb_each(
                case
                    when pg_catalog.jsonb_typeof(v_chart -> 'angles') = 'object'
                        then v_chart -> 'angles'
                    else '{}'::jsonb
                end
            ) as a
        ),
        placements as (
            select
                l.sort_order,
                p.point,
                l.name_en,
                l.name_ar,
                app.format_degree((p.point ->> 'degree')::double precision) as degree_text,
                (p.point ->> 'house') as house,
                coalesce((p.point ->> 'retrograde')::boolean, false) as retrograde,
                coalesce((p.point ->> 'approximate')::boolean, false) as approximate
            from points as p
            inner join app.astro_labels as l on l.code = p.point ->> 'body'
        ),
        aspects as (
            select
                x.value as aspect,
                f.name_en as first_en,
                f.name_ar as first_ar,
                s.name_en as second_en,
                s.name_ar as second_ar,
                k.name_en as aspect_en,
                k.name_ar as aspect_ar
            from pg_catalog.jsonb_array_elements(v_chart -> 'aspects') as x
            inner join app.astro_labels as f on f.code = x.value ->> 'first'
            inner join app.astro_labels as s on s.code = x.value ->> 'second'
            inner join app.astro_labels as k on k.code = x.value ->> 'aspect'
            order by (x.value ->> 'strength')::double precision desc
            limit 5
        ),
        element_counts as (
            select
                e.code,
                e.name_en,
                e.name_ar,
                e.sort_order,
                pg_catalog.count(p.point) as planets,
                coalesce(
                    pg_catalog.jsonb_agg(p.point ->> 'body') filter (where p.point is not null),
                    '[]'::jsonb
                ) as bodies
            from app.astro_labels as e
            left join points as p
                on
                    p.point ->> 'element' = e.code
                    and p.point ->> 'body' not in ('north_node', 'ascendant', 'midheaven')
            where e.kind = 'element'
            group by e.code, e.name_en, e.name_ar, e.sort_order
        )
        select pg_catalog.jsonb_build_object(
            'order_id', p_order_id,
            'birth_date', v_chart -> 'birth_date',
            'birth_time', v_chart -> 'birth_time',
            'time_known', v_chart -> 'time_known',
            'place_label', v_chart -> 'place_label',
            'time_zone', v_chart -> 'time_zone',
            'method', v_chart -> 'method',
            'placements', (
                select pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object(
                        'body', pl.point -> 'body',
                        'name_en', pl.name_en,
                        'name_ar', pl.name_ar,
                        'sign', pl.point -> 'sign',
                        'sign_en', pl.point -> 'sign_en',
                        'sign_ar', pl.point -> 'sign_ar',
                        'degree', pl.point -> 'degree',
                        'house', pl.point -> 'house',
                        'retrograde', pl.retrograde,
                        'approximate', pl.approximate,
                        'text_en', pg_catalog.concat(
                            pl.name_en, ' in ', pl.point ->> 'sign_en', ' ', pl.degree_text,
                            ', house ' || pl.house,
                            case when pl.retrograde then ', retrograde' end,
                            case when pl.approximate then ' (approximate)' end
                        ),
                        'text_ar', pg_catalog.concat(
                            pl.name_ar, ' في ', pl.point ->> 'sign_ar', ' ', pl.degree_text,
                            '، البيت ' || pl.house,
                            case when pl.retrograde then '، متراجع' end,
                            case when pl.approximate then ' (تقريبي)' end
                        )
                    )
                    order by pl.sort_order
                )
                from placements as pl
            ),
            'strongest_aspects', coalesce((
                select pg_catalog.jsonb_agg(
                    x.aspect || pg_catalog.jsonb_build_object(
                        'text_en', pg_catalog.concat(
                            x.first_en, ' ', x.aspect_en, ' ', x.second_en, ' (orb ',
                            app.format_degree((x.aspect ->> 'orb')::double precision), ')'
                        ),
                        'text_ar', pg_catalog.concat(
                            x.first_ar, ' ', x.aspect_ar, ' ', x.second_ar, ' (فارق ',
                            app.format_degree((x.aspect ->> 'orb')::double precision), ')'
                        )
                    )
                    order by (x.aspect ->> 'strength')::double precision desc
                )
                from aspects as x
            ), '[]'::jsonb),
            'elements', (
                select pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object(
                        'element', ec.code, 'name_en', ec.name_en, 'name_ar', ec.name_ar,
                        'planets', ec.planets, 'bodies', ec.bodies
                    )
                    order by ec.sort_order
                )
                from element_counts as ec
            ),
            'dominant_elements', (
                select pg_catalog.jsonb_agg(ec.code order by ec.sort_order)
                from element_counts as ec
                where ec.planets = (select pg_catalog.max(m.planets) from element_counts as m)
            )
        )
    );
end;
$$;

comment on function public.astro_draft(uuid) is
'The assigned reader''s bilingual summary of an astro order''s chart (placements, strongest '
'aspects, elements). Errors: USRBL, 42501, ORDNF, ASTNC.';

revoke execute on function public.astro_draft(uuid) from public, anon;
grant execute on function public.astro_draft(uuid) to authenticated;
