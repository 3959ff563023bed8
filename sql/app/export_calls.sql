-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_calls: the calls dataset of an export: the call bookings starting in its range, oldest
-- first, with their client and reader and, once dialled, the live call (state, times, duration,
-- why it ended). Masked unless raw: names and the client's phone through the app.mask_* rules.
-- The column list is the CSV header. Invoker: RLS decides.
--
-- Inlined like app.export_orders (see there): a plain SQL function without settings, the export
-- read once through app.export_of, its range and raw flag as scalar subqueries, each person
-- masked in a LATERAL subquery that a Memoize node can cache.
create or replace function app.export_calls(p_export_id uuid)
returns table (
    order_id uuid,
    starts_at timestamptz,
    ends_at timestamptz,
    minutes smallint,
    cancelled_at timestamptz,
    reschedule_count smallint,
    client_id uuid,
    client_name text,
    client_phone text,
    reader_id uuid,
    reader_name text,
    call_state text,
    initiated_at timestamptz,
    started_at timestamptz,
    ended_at timestamptz,
    duration_seconds integer,
    end_reason text
)
language sql
stable
security invoker
as $$
    with export as (
        select x.range_from, x.range_to, x.raw from app.export_of(p_export_id) as x
    )

    select
        b.order_id,
        b.starts_at,
        b.ends_at,
        b.minutes,
        b.cancelled_at,
        b.reschedule_count,
        b.client_id,
        app.csv_safe(c.name),
        app.csv_safe(c.phone),
        b.reader_id,
        app.csv_safe(r.name),
        app.csv_safe(k.state),
        k.initiated_at,
        k.started_at,
        k.ended_at,
        k.duration_seconds,
        app.csv_safe(k.end_reason)
    from app.call_bookings as b
    left join app.calls as k on b.order_id = k.order_id
    left join lateral (
        select
            app.export_name(e.raw, p.first_name, p.last_name) as name,
            case when e.raw then p.phone else app.mask_phone(p.phone) end as phone
        from export as e
        cross join app.profiles as p
        where p.id = b.client_id
        offset 0
    ) as c on true
    left join lateral (
        select app.export_name(e.raw, p.first_name, p.last_name) as name
        from export as e
        cross join app.profiles as p
        where p.id = b.reader_id
        offset 0
    ) as r on true
    where
        b.starts_at >= (select e.range_from from export as e)
        and b.starts_at < (select e.range_to from export as e)
    order by b.starts_at, b.order_id
$$;

comment on function app.export_calls(uuid) is
'Rows of the calls CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_calls(uuid) from public, anon, service_role;
grant execute on function app.export_calls(uuid) to authenticated;
