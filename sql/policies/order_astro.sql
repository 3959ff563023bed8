-- app.order_astro: the birth data and chart of an astro order. Whoever may see the order sees
-- its chart: the orders policy decides (its client, its assigned reader, unblocked staff), and
-- the select policy only defers to it. Only the platform writes it (app.attach_astro_chart, as
-- service_role, in the client's transaction), so the chart is always one the platform computed;
-- nobody changes it afterwards.

alter table app.order_astro enable row level security;

revoke all on table app.order_astro from anon, authenticated, service_role;
grant select on table app.order_astro to authenticated;
grant select on table app.order_astro to service_role;
grant insert (
    order_id, birth_date, birth_time, latitude, longitude, place_label, time_zone, chart
) on table app.order_astro to service_role;

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

-- a client wrote the chart through this policy before the platform computed it alone
drop policy if exists order_astro_insert_client on app.order_astro;
