-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_orders: the orders dataset of an export: orders created in its range, oldest first,
-- with their client and reader. Masked unless the export is raw: emails, phone numbers and
-- names through the app.mask_* rules, and free text (question, cancel reason) left out. The
-- column list is the CSV header. Invoker: the caller's RLS decides which rows exist.
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
set search_path = ''
as $$
    select
        o.id,
        o.created_at,
        o.status::text,
        o.service_code,
        o.is_gold,
        o.priority,
        o.client_id,
        app.export_name(e.raw, c.first_name, c.last_name),
        case when e.raw then c.email else app.mask_email(c.email) end,
        case when e.raw then c.phone else app.mask_phone(c.phone) end,
        c.country_code::text,
        c.time_zone,
        o.reader_id,
        app.export_name(e.raw, r.first_name, r.last_name),
        case when e.raw then o.question end,
        case when e.raw then o.cancel_reason end,
        o.assigned_at,
        o.started_at,
        o.submitted_at,
        o.approved_at,
        o.rejected_at,
        o.delivered_at,
        o.cancelled_at
    from app.export_of(p_export_id) as e
    inner join app.orders as o on o.created_at >= e.range_from and o.created_at < e.range_to
    left join app.profiles as c on o.client_id = c.id
    left join app.profiles as r on o.reader_id = r.id
    order by o.created_at, o.id
$$;

comment on function app.export_orders(uuid) is
'Rows of the orders CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_orders(uuid) from public, anon, service_role;
grant execute on function app.export_orders(uuid) to authenticated;
