-- requires: sql/app/audit_write.sql

-- audit_action_insert: the one audit trigger of the append-only action logs (a row per act,
-- its kind in the column action): moderation actions and monitor actions on calls. Each new
-- row writes one audit row, event <prefix><action>, with the columns listed, null ones left
-- out. Arguments: event prefix, entity type, the column holding the entity id, then the
-- columns to record. The tables whose changes are updates (orders, profiles, settings, call
-- bookings, calls) keep triggers of their own: each decides per column which event a change
-- is, and masks or links what it records (phone numbers, moderation rows, changed columns).
-- Definer because API roles may not insert into app.audit_log; it writes only the row
-- describing the action that fired it.
create or replace function app.audit_action_insert() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_row jsonb := pg_catalog.to_jsonb(new);
begin
    perform app.audit_write(
        tg_argv[0] || (v_row ->> 'action'), tg_argv[1], v_row ->> tg_argv[2], null,
        pg_catalog.jsonb_strip_nulls(coalesce(
            (select pg_catalog.jsonb_object_agg(c.name, v_row -> c.name)
                from pg_catalog.unnest(tg_argv[3:]) as c (name)),
            '{}'::jsonb
        ))
    );
    return null;
end;
$$;

comment on function app.audit_action_insert() is
'Trigger: audits each new row of an action log (event <prefix><action>, the listed columns).';

revoke execute on function app.audit_action_insert() from public, anon, authenticated, service_role;

create or replace trigger call_monitor_actions_audit
after insert on app.call_monitor_actions
for each row execute function app.audit_action_insert(
    'call.monitor_', 'call', 'call_id', 'action', 'monitor_id', 'participant_call_sid', 'reason'
);

create or replace trigger moderation_actions_audit
after insert on app.moderation_actions
for each row execute function app.audit_action_insert(
    'moderation.', 'moderation_action', 'id', 'action', 'target_profile_id', 'target_order_id',
    'reason'
);
