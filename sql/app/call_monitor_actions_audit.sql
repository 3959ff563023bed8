-- Definer because API roles may not insert into app.audit_log; it writes only the row
-- describing the monitor action that fired it (event call.monitor_<action>).
create or replace function app.call_monitor_actions_audit() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform app.audit_write(
        'call.monitor_' || new.action, 'call', new.call_id::text, null,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'action', new.action, 'monitor_id', new.monitor_id,
            'participant_call_sid', new.participant_call_sid, 'reason', new.reason
        ))
    );
    return null;
end;
$$;

comment on function app.call_monitor_actions_audit() is
'Trigger: audits every monitor action on a call.';

revoke execute on function app.call_monitor_actions_audit()
from public, anon, authenticated, service_role;

create or replace trigger call_monitor_actions_audit
after insert on app.call_monitor_actions
for each row execute function app.call_monitor_actions_audit();
