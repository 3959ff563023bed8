-- Definer because API roles may not insert into app.audit_log or app.moderation_actions; it
-- writes only rows describing the order change that fired it.
create or replace function app.orders_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_notes app.order_notes;
begin
    if tg_op = 'INSERT' then
        perform app.audit_write(
            'order.created', 'order', new.id::text, null,
            pg_catalog.jsonb_build_object(
                'status', new.status, 'service_code', new.service_code, 'client_id', new.client_id,
                'is_gold', new.is_gold
            )
        );
        return null;
    end if;
    if new.status = old.status and new.reader_id is not distinct from old.reader_id then
        return null;
    end if;
    -- the notes are written before the status changes (app.order_work_guard)
    select n.* into v_notes from app.order_notes as n where n.order_id = new.id;
    perform app.audit_write(
        'order.' || new.status::text, 'order', new.id::text,
        pg_catalog.jsonb_build_object('status', old.status, 'reader_id', old.reader_id),
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'status', new.status,
            'reader_id', new.reader_id,
            'rejection_reason', case when new.status = 'rejected' then v_notes.rejection_reason end,
            'cancel_reason', case when new.status = 'cancelled' then new.cancel_reason end
        ))
    );
    if new.status <> old.status and new.status in ('approved', 'rejected') then
        insert into app.moderation_actions (actor_id, action, target_order_id, reason)
        values (
            auth.uid(),
            case when new.status = 'approved' then 'approve' else 'reject' end,
            new.id,
            case
                when new.status = 'approved' then v_notes.monitor_comment
                else v_notes.rejection_reason
            end
        );
    end if;
    return null;
end;
$$;

comment on function app.orders_audit_change() is
'Trigger: audits order creation, status and assignment changes; records approvals and '
'rejections in app.moderation_actions.';

revoke execute on function app.orders_audit_change() from public, anon, authenticated, service_role;

create or replace trigger orders_audit_change
after insert or update on app.orders
for each row execute function app.orders_audit_change();
