-- requires: sql/app/audit_write.sql

-- call_bookings_audit_change: every booking change reaches app.audit_log in its transaction:
-- call.booked, call.rescheduled (old and new start), call.reader_changed (an admin reassigned
-- the order, and the booking followed) and call.cancelled. The order's own changes (created,
-- assigned, cancelled) are audited by the orders trigger.
-- Definer because API roles may not insert into app.audit_log; it writes only rows describing
-- the booking change that fired it.
create or replace function app.call_bookings_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        perform app.audit_write(
            'call.booked', 'order', new.order_id::text, null,
            pg_catalog.jsonb_build_object(
                'reader_id', new.reader_id, 'client_id', new.client_id,
                'starts_at', new.starts_at, 'minutes', new.minutes
            )
        );
        return null;
    end if;
    if new.starts_at is distinct from old.starts_at then
        perform app.audit_write(
            'call.rescheduled', 'order', new.order_id::text,
            pg_catalog.jsonb_build_object('starts_at', old.starts_at),
            pg_catalog.jsonb_build_object(
                'starts_at', new.starts_at, 'reschedule_count', new.reschedule_count
            )
        );
    end if;
    if new.reader_id is distinct from old.reader_id then
        perform app.audit_write(
            'call.reader_changed', 'order', new.order_id::text,
            pg_catalog.jsonb_build_object('reader_id', old.reader_id),
            pg_catalog.jsonb_build_object('reader_id', new.reader_id)
        );
    end if;
    if new.cancelled_at is not null and old.cancelled_at is null then
        perform app.audit_write(
            'call.cancelled', 'order', new.order_id::text,
            pg_catalog.jsonb_build_object('starts_at', old.starts_at),
            pg_catalog.jsonb_build_object('cancelled_at', new.cancelled_at)
        );
    end if;
    return null;
end;
$$;

comment on function app.call_bookings_audit_change() is
'Trigger: audits call bookings (booked, rescheduled, reader changed, cancelled).';

revoke execute on function app.call_bookings_audit_change()
from public, anon, authenticated, service_role;

create or replace trigger call_bookings_audit_change
after insert or update on app.call_bookings
for each row execute function app.call_bookings_audit_change();
