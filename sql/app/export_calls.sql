-- requires: sql/app/export_of.sql
-- requires: sql/app/export_name.sql
-- requires: sql/app/mask_phone.sql
-- export_calls: the calls dataset of an export: the call bookings starting in its range, oldest
-- first, with their client and reader and, once dialled, the live call (state, times, duration,
-- why it ended). Masked unless raw: names and the client's phone through the app.mask_* rules.
-- The column list is the CSV header. Invoker: RLS decides.
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
set search_path = ''
as $$
    select
        b.order_id,
        b.starts_at,
        b.ends_at,
        b.minutes,
        b.cancelled_at,
        b.reschedule_count,
        b.client_id,
        app.export_name(e.raw, c.first_name, c.last_name),
        case when e.raw then c.phone else app.mask_phone(c.phone) end,
        b.reader_id,
        app.export_name(e.raw, r.first_name, r.last_name),
        k.state,
        k.initiated_at,
        k.started_at,
        k.ended_at,
        k.duration_seconds,
        k.end_reason
    from app.export_of(p_export_id) as e
    inner join app.call_bookings as b
        on b.starts_at >= e.range_from and b.starts_at < e.range_to
    left join app.calls as k on b.order_id = k.order_id
    left join app.profiles as c on b.client_id = c.id
    left join app.profiles as r on b.reader_id = r.id
    order by b.starts_at, b.order_id
$$;

comment on function app.export_calls(uuid) is
'Rows of the calls CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_calls(uuid) from public, anon, service_role;
grant execute on function app.export_calls(uuid) to authenticated;
