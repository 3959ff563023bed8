-- orders_require_astro_chart: an astro order exists only with its birth data and chart in
-- app.order_astro, which app.attach_astro_chart writes in the same transaction. The chart
-- row can only follow the order (it references it), so the check waits for the commit: a
-- deferred constraint trigger. create_order('astro', ...) or a direct insert without a chart
-- therefore fails at commit with ASTRQ and leaves nothing. Invoker: the caller reads their own
-- chart row (the order_astro policy), the platform reads every row.
create or replace function app.orders_require_astro_chart() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    if not exists (select 1 from app.order_astro as a where a.order_id = new.id) then
        raise exception 'An astro order needs its birth data and chart'
            using
                errcode = 'ASTRQ',
                detail = pg_catalog.jsonb_build_object('order', new.id)::text,
                hint = 'Order astro readings with the create_astro_order function.';
    end if;
    return null;
end;
$$;

comment on function app.orders_require_astro_chart() is
'Deferred trigger: an astro order is committed only with its chart. Errors: ASTRQ.';

revoke execute on function app.orders_require_astro_chart()
from public, anon, authenticated, service_role;

drop trigger if exists orders_90_require_astro_chart on app.orders;
create constraint trigger orders_90_require_astro_chart
after insert on app.orders
deferrable initially deferred
for each row
when (new.service_code = 'astro')
execute function app.orders_require_astro_chart();
