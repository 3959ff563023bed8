-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_orders: the orders dataset of an export: orders created in its range, oldest first,
-- with their client and reader. Masked unless the export is raw: emails, phone numbers and
-- names through the app.mask_* rules, and free text (question, cancel reason) left out. The
-- column list is the CSV header. Invoker: the caller's RLS decides which rows exist.
--
-- A plain SQL function without settings, so the planner inlines it into the export's
-- COPY (select * from app.export_orders(id)): the COPY reads the tables directly, with no
-- intermediate result. app.export_of (which refuses anyone but the export's own requester)
-- runs once, first: the range's bounds are its values, needed before the first order is read.
-- The plan this shape is written for (docs/ops.md, "Exports"): the orders in created_at, id
-- order from orders_created_at_id_idx, so no sort; each person looked up by primary key in a
-- LATERAL subquery that "offset 0" keeps whole, so a Memoize node caches its masked row and
-- every client and reader is masked once per export, not once per order.
create or replace function app.export_orders(p_export_id uuid)
returns table (
    order_id uuid,
    created_at timestamptz,
    status text,
    service_code text,
    is_gold boolean,
    priority smallint,
    client_id uuid,
    client_name text,
    client_email text,
    client_phone text,
    client_country text,
    client_time_zone text,
    reader_id uuid,
    reader_name text,
    question text,
    cancel_reason text,
    assigned_at timestamptz,
    started_at timestamptz,
    submitted_at timestamptz,
    approved_at timestamptz,
    rejected_at timestamptz,
    delivered_at timestamptz,
    cancelled_at timestamptz
)
language sql
stable
security invoker
as $$
    with export as (
        select x.range_from, x.range_to, x.raw from app.export_of(p_export_id) as x
    )

    select
        o.id,
        o.created_at,
        app.csv_safe(o.status::text),
        app.csv_safe(o.service_code),
        o.is_gold,
        o.priority,
        o.client_id,
        app.csv_safe(c.name),
        app.csv_safe(c.email),
        app.csv_safe(c.phone),
        app.csv_safe(c.country_code),
        app.csv_safe(c.time_zone),
        o.reader_id,
        app.csv_safe(r.name),
        app.csv_safe(case when (select e.raw from export as e) then o.question end),
        app.csv_safe(case when (select e.raw from export as e) then o.cancel_reason end),
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
            app.export_name(e.raw, p.first_name, p.last_name) as name,
            case when e.raw then p.email else app.mask_email(p.email) end as email,
            case when e.raw then p.phone else app.mask_phone(p.phone) end as phone,
            p.country_code::text as country_code,
            p.time_zone
        from export as e
        cross join app.profiles as p
        where p.id = o.client_id
        offset 0
    ) as c on true
    left join lateral (
        select app.export_name(e.raw, p.first_name, p.last_name) as name
        from export as e
        cross join app.profiles as p
        where p.id = o.reader_id
        offset 0
    ) as r on true
    where
        o.created_at >= (select e.range_from from export as e)
        and o.created_at < (select e.range_to from export as e)
    order by o.created_at, o.id
$$;

comment on function app.export_orders(uuid) is
'Rows of the orders CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_orders(uuid) from public, anon, service_role;
grant execute on function app.export_orders(uuid) to authenticated;
