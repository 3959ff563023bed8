-- get_astro_chart: the birth data and natal chart of an astro order (app.astro_chart_json).
-- Callable by authenticated; RLS decides: whoever sees the order (its client, its assigned
-- reader, staff) sees its chart. Raises ORDNF (no such order, or not visible) and ASTNC (the
-- order has no chart: not an astro order, or made without one through create_order).
create or replace function public.get_astro_chart(p_order_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform public.get_order(p_order_id);  -- ORDNF when the order is missing or not visible
    return app.astro_chart_json(app.order_astro_of(p_order_id));
end;
$$;

comment on function public.get_astro_chart(uuid) is
'The birth data and natal chart of a visible astro order. Errors: ORDNF, ASTNC.';

revoke execute on function public.get_astro_chart(uuid) from public, anon;
grant execute on function public.get_astro_chart(uuid) to authenticated;
