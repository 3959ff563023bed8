-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_calls: the calls dataset of an export: the call bookings starting in its range, oldest
-- first, with their client and reader and, once dialled, the live call (state, times, duration,
-- why it ended). Masked unless raw: names and the client's phone through the app.mask_* rules.
-- The column list is the CSV header. Invoker: RLS decides.
--
-- A view like app.export_orders (see there): the export named by app.export_id
-- read once through app.export_of, its range and raw flag as scalar subqueries, each person
-- masked in a LATERAL subquery that a Memoize node can cache.
drop function if exists app.export_calls(uuid);

create or replace view app.export_calls
with (security_invoker = true)
as
with export as (
    select x.range_from, x.range_to, x.raw
    from app.export_of(nullif(pg_catalog.current_setting('app.export_id', true), '')::uuid) as x
)

select
    b.order_id,
    b.starts_at,
    b.ends_at,
    b.minutes,
    b.cancelled_at,
    b.reschedule_count,
    b.client_id,
    c.name as client_name,
    c.phone as client_phone,
    b.reader_id,
    r.name as reader_name,
    k.state as call_state,
    k.initiated_at,
    k.started_at,
    k.ended_at,
    k.duration_seconds,
    k.end_reason
from app.call_bookings as b
left join app.calls as k on b.order_id = k.order_id
left join lateral (
    select
        app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name,
        app.csv_safe(case when e.raw then p.phone else app.mask_phone(p.phone) end) as phone
    from export as e
    cross join app.profiles as p
    where p.id = b.client_id
    offset 0
) as c on true
left join lateral (
    select app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name
    from export as e
    cross join app.profiles as p
    where p.id = b.reader_id
    offset 0
) as r on true
where
    -- a one-time filter: the export is read, or refused, before any row, even in an empty range
    (select true from export)
    and b.starts_at >= (select e.range_from from export as e)
    and b.starts_at < (select e.range_to from export as e)
order by b.starts_at, b.order_id;

comment on view app.export_calls is
'Rows of the calls CSV of an export (masked unless raw). Errors: 42501.';

revoke all on table app.export_calls from public, anon, authenticated, service_role;
grant select on table app.export_calls to authenticated;
