-- create_astro_order: a client orders an astrology reading with the birth data and the natal
-- chart the create_astro_order function computed (seed: POST /api/astro/orders). Callable by
-- authenticated clients; never by anon. Invoker: the order goes through exactly the checks of
-- public.create_order (the orders_10 trigger, app.orders_check_client_insert: role, profile,
-- question, service and the `orders` and `orders_astro` rate limits), then the chart row
-- through the order_astro insert policy (the caller's own new astro order) and its trigger
-- (app.order_astro_validate). Any failure rolls back the order and the tokens it spent.
-- The question is optional: without one, the order's question is the astro service's name.
-- Raises USRBL (caller blocked), 42501 (not a client), ORDPF (profile incomplete, under age or
-- phone unverified; detail {"missing_fields": [...]}), ORDQL (question too long), ORDSV (astro
-- service inactive), PT429 (HTTP 429: over the `orders` or `orders_astro` limit; detail
-- {"retry_after_seconds": N}), ASTDT (birth before 1900-01-01), ASTFU (birth in the future),
-- 23514 (coordinates out of range, a chart without bodies or over 64 kB).
create or replace function public.create_astro_order(
    p_birth_date date,
    p_birth_time time,
    p_latitude double precision,
    p_longitude double precision,
    p_place_label text,
    p_time_zone text,
    p_chart jsonb,
    p_question text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
    v_astro app.order_astro;
begin
    insert into app.orders as o (client_id, service_code, question)
    values (
        auth.uid(),
        'astro',
        coalesce(
            nullif(pg_catalog.btrim(p_question), ''),
            (select s.name_en from app.services as s where s.code = 'astro')
        )
    )
    returning o.* into v_order;
    insert into app.order_astro as a (
        order_id, birth_date, birth_time, latitude, longitude, place_label, time_zone, chart
    )
    values (
        v_order.id, p_birth_date, p_birth_time, p_latitude, p_longitude, p_place_label,
        p_time_zone, p_chart
    )
    returning a.* into v_astro;
    return app.order_json(v_order)
        || pg_catalog.jsonb_build_object('astro', app.astro_chart_json(v_astro));
end;
$$;

comment on function public.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) is
'Creates an astro order (status new) with its birth data and chart for the signed-in client. '
'Errors: USRBL, 42501, ORDPF, ORDQL, ORDSV, PT429, ASTDT, ASTFU, 23514.';

revoke execute on function public.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) from public, anon;
grant execute on function public.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) to authenticated;
