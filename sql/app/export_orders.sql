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
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_export app.exports;
begin
    -- the export's range and raw flag as constants, so the planner uses the created_at index
    select x.* into v_export from app.export_of(p_export_id) as x;
    -- each person is masked once, not once per order: the profiles of the range's orders are
    -- gathered first (a CTE read twice is computed once)
    return query
    with
    ids as (
        select o.client_id as id
        from app.orders as o
        where o.created_at >= v_export.range_from and o.created_at < v_export.range_to
        union
        select o.reader_id
        from app.orders as o
        where o.created_at >= v_export.range_from and o.created_at < v_export.range_to
    ),
    people as (
        select
            p.id,
            app.export_name(v_export.raw, p.first_name, p.last_name) as name,
            case when v_export.raw then p.email else app.mask_email(p.email) end as email,
            case when v_export.raw then p.phone else app.mask_phone(p.phone) end as phone,
            p.country_code::text as country_code,
            p.time_zone
        from ids
        inner join app.profiles as p on ids.id = p.id
    )
    select
        o.id,
        o.created_at,
        o.status::text,
        o.service_code,
        o.is_gold,
        o.priority,
        o.client_id,
        c.name,
        c.email,
        c.phone,
        c.country_code,
        c.time_zone,
        o.reader_id,
        r.name,
        case when v_export.raw then o.question end,
        case when v_export.raw then o.cancel_reason end,
        o.assigned_at,
        o.started_at,
        o.submitted_at,
        o.approved_at,
        o.rejected_at,
        o.delivered_at,
        o.cancelled_at
    from app.orders as o
    left join people as c on o.client_id = c.id
    left join people as r on o.reader_id = r.id
    where o.created_at >= v_export.range_from and o.created_at < v_export.range_to
    order by o.created_at, o.id;
end;
$$;

comment on function app.export_orders(uuid) is
'Rows of the orders CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_orders(uuid) from public, anon, service_role;
grant execute on function app.export_orders(uuid) to authenticated;
