-- Every transition stamps who and when: the last change, plus the stamp of the state entered.
create or replace function app.orders_stamp_transition() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_now timestamptz := pg_catalog.now();
    v_by uuid := auth.uid();
begin
    if tg_op = 'INSERT' then
        new.status_changed_at := v_now;
        new.status_changed_by := coalesce(v_by, new.client_id);
        return new;
    end if;
    if new.status = old.status and new.reader_id is not distinct from old.reader_id then
        return new;
    end if;
    new.status_changed_at := v_now;
    new.status_changed_by := v_by;
    case new.status
        when 'assigned' then
            new.assigned_at := v_now;
            new.assigned_by := v_by;
        when 'in_progress' then
            new.started_at := v_now;
        when 'awaiting_approval' then
            new.submitted_at := v_now;
        when 'approved' then
            new.approved_at := v_now;
            new.approved_by := v_by;
        when 'rejected' then
            new.rejected_at := v_now;
            new.rejected_by := v_by;
        when 'delivered' then
            new.delivered_at := v_now;
        when 'cancelled' then
            new.cancelled_at := v_now;
            new.cancelled_by := v_by;
        else
            null;
    end case;
    return new;
end;
$$;

comment on function app.orders_stamp_transition() is
'Trigger: stamps status_changed_at/by and the at/by columns of the state an order enters.';

revoke execute on function app.orders_stamp_transition()
from public, anon, authenticated, service_role;

create or replace trigger orders_20_stamp_transition
before insert or update on app.orders
for each row execute function app.orders_stamp_transition();
