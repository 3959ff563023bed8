-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_orders: the orders dataset of an export: orders created in its range, oldest first,
-- with their client and reader. Masked unless the export is raw: emails, phone numbers and
-- names through the app.mask_* rules, and free text (question, cancel reason) left out. The
-- column list is the CSV header. security_invoker: the caller's RLS decides which rows exist.
--
-- A view, not a function: the export's COPY (select * from app.export_orders) reads the tables
-- directly, with no intermediate result (a function with a setting, as lint 0011 asks of every
-- function, is never inlined and stores all its rows first). The export is the one named by the
-- transaction's setting app.export_id; app.export_of (which refuses anyone but the export's own
-- requester, so the whole COPY fails) runs once, first: the range's bounds are its values,
-- needed before the first order is read.
-- The plan this shape is written for (docs/ops.md, "Exports"): the orders in created_at, id
-- order from orders_created_at_id_idx, so no sort; each person looked up by primary key in a
-- LATERAL subquery that "offset 0" keeps whole, so a Memoize node caches its masked row and
-- every client and reader is masked once per export, not once per order.
-- Text cells pass app.csv_safe (no spreadsheet formulas): the people's inside their memoized
-- lookups, so once per person; the free text only when raw, so a masked export calls it per
-- row not at all. status (an enum) and service_code (^[a-z_]+$) cannot start a formula.
drop function if exists app.export_orders(uuid);

create or replace view app.export_orders
with (security_invoker = true)
as
with export as (
    select x.range_from, x.range_to, x.raw
    from app.export_of(nullif(pg_catalog.current_setting('app.export_id', true), '')::uuid) as x
)

select
    o.id as order_id,
    o.created_at,
    o.status::text as status,
    o.service_code,
    o.is_gold,
    o.priority,
    o.client_id,
    c.name as client_name,
    c.email as client_email,
    c.phone as client_phone,
    c.country_code as client_country,
    c.time_zone as client_time_zone,
    o.reader_id,
    r.name as reader_name,
    case when (select e.raw from export as e) then app.csv_safe(o.question) end as question,
    case when (select e.raw from export as e) then app.csv_safe(o.cancel_reason) end
        as cancel_reason,
    o.assigned_at,
    o.started_at,
    o.submitted_at,
    o.approved_at,
    o.rejected_at,
    o.delivered_at,
    o.cancelled_at
from app.orders as o
left join lateral (
    select
        app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name,
        app.csv_safe(case when e.raw then p.email else app.mask_email(p.email) end) as email,
        app.csv_safe(case when e.raw then p.phone else app.mask_phone(p.phone) end) as phone,
        p.country_code::text as country_code,
        app.csv_safe(p.time_zone) as time_zone
    from export as e
    cross join app.profiles as p
    where p.id = o.client_id
    offset 0
) as c on true
left join lateral (
    select app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name
    from export as e
    cross join app.profiles as p
    where p.id = o.reader_id
    offset 0
) as r on true
where
    -- a one-time filter: the export is read, or refused, before any row, even in an empty range
    (select true from export)
    and o.created_at >= (select e.range_from from export as e)
    and o.created_at < (select e.range_to from export as e)
order by o.created_at, o.id;

comment on view app.export_orders is
'Rows of the orders CSV of an export (masked unless raw). Errors: 42501.';

revoke all on table app.export_orders from public, anon, authenticated, service_role;
grant select on table app.export_orders to authenticated;
