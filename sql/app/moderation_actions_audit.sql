-- Definer: see orders_audit_change.
create or replace function app.moderation_actions_audit() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform app.audit_write(
        'moderation.' || new.action, 'moderation_action', new.id::text, null,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'action', new.action,
            'target_profile_id', new.target_profile_id,
            'target_order_id', new.target_order_id,
            'reason', new.reason
        ))
    );
    return null;
end;
$$;

comment on function app.moderation_actions_audit() is
'Trigger: audits every moderation action.';

revoke execute on function app.moderation_actions_audit()
from public, anon, authenticated, service_role;

create or replace trigger moderation_actions_audit
after insert on app.moderation_actions
for each row execute function app.moderation_actions_audit();
