-- order_astro_of: the birth data and chart row of an order, as the caller may read it (the
-- order_astro policy defers to the orders policy). Raises ASTNC when there is none: not an
-- astro order, or one made with create_order, or not visible (callers that must tell "not
-- visible" apart check the order first, e.g. with app.lock_order).
create or replace function app.order_astro_of(p_order_id uuid) returns app.order_astro
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_astro app.order_astro;
begin
    select a.* into v_astro from app.order_astro as a where a.order_id = p_order_id;
    if not found then
        raise exception 'Order % has no natal chart', p_order_id
            using
                errcode = 'ASTNC',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text,
                hint = 'Astro orders made with create_astro_order carry a chart.';
    end if;
    return v_astro;
end;
$$;

comment on function app.order_astro_of(uuid) is
'The order''s birth data and chart row, as the caller may read it. Errors: ASTNC.';

revoke execute on function app.order_astro_of(uuid) from public, anon;

grant execute on function app.order_astro_of(uuid) to authenticated, service_role;
