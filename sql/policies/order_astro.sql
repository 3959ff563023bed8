-- app.order_astro: the birth data and chart of an astro order. Whoever may see the order sees
-- its chart: the orders policy decides (its client, its assigned reader, unblocked staff), and
-- the select policy only defers to it. The client writes it once, with the order, while the
-- order is their own new astro order (public.create_astro_order); nobody changes it afterwards.

alter table app.order_astro enable row level security;

revoke all on table app.order_astro from anon, authenticated, service_role;
grant select on table app.order_astro to authenticated;
grant insert (
    order_id, birth_date, birth_time, latitude, longitude, place_label, time_zone, chart
) on table app.order_astro to authenticated;
grant select on table app.order_astro to service_role;

drop policy if exists order_astro_select_authenticated on app.order_astro;
create policy order_astro_select_authenticated on app.order_astro
for select
to authenticated
using (
    exists (
        select 1 from app.orders as o
        where o.id = order_astro.order_id
    )
);

drop policy if exists order_astro_insert_client on app.order_astro;
create policy order_astro_insert_client on app.order_astro
for insert
to authenticated
with check (
    (select app.has_role('client'))
    and exists (
        select 1 from app.orders as o
        where
            o.id = order_astro.order_id
            and o.client_id = (select auth.uid())
            and o.service_code = 'astro'
            and o.status = 'new'
    )
);
