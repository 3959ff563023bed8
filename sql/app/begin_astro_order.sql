-- begin_astro_order: the client's half of an astro order (seed: POST /api/astro/orders). The
-- create_astro_order function calls it as the caller, then, still in the same transaction,
-- app.attach_astro_chart as the platform. Invoker: the order goes through exactly the checks of
-- public.create_order (the orders_10 trigger, app.orders_check_client_insert: role, profile,
-- question, service and the `orders` and `orders_astro` rate limits). Without the platform's
-- step the order cannot be committed (app.orders_require_astro_chart, ASTRQ), so calling this
-- alone achieves nothing. The question is optional: without one, the order's question is the
-- astro service's name (app.default_question).
-- Raises USRBL, 42501 (not a client), ORDPF, ORDQL, ORDSV, PT429 (as public.create_order).
create or replace function app.begin_astro_order(p_question text default null)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    insert into app.orders as o (client_id, service_code, question)
    values (
        auth.uid(),
        'astro',
        app.default_question('astro', p_question)
    )
    returning o.* into v_order;
    return app.order_json(v_order);
end;
$$;

comment on function app.begin_astro_order(text) is
'The client step of an astro order: a new astro order, committable only with the chart the '
'platform attaches. Errors: USRBL, 42501, ORDPF, ORDQL, ORDSV, PT429.';

revoke execute on function app.begin_astro_order(text) from public, anon, service_role;
grant execute on function app.begin_astro_order(text) to authenticated;
