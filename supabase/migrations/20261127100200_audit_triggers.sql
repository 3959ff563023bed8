-- Every state change writes app.audit_log in the same transaction (the audit rule of docs/architecture.md): order status
-- and assignment, the role, verification and block fields of profiles, moderation actions and
-- settings. Approvals and rejections of order results also become moderation actions here, so
-- no RPC has to remember to write them.

-- Invoker, no grants: only the definer triggers below (owned by postgres) call it. The actor is
-- the signed-in user, whatever role the trigger runs as; the request id is PostgREST's
-- x-request-id header when the call came through the API.
create or replace function app.audit_write(
    p_event text,
    p_entity_type text,
    p_entity_id text,
    p_old jsonb,
    p_new jsonb
) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_actor_id uuid := auth.uid();
    v_headers text := nullif(pg_catalog.current_setting('request.headers', true), '');
begin
    insert into app.audit_log (
        actor_id, actor_role, event, entity_type, entity_id, old_data, new_data, request_id
    )
    values (
        v_actor_id,
        case
            when v_actor_id is not null then coalesce(app.current_role(), auth.role())
            else coalesce(nullif(auth.role(), ''), 'system')
        end,
        p_event,
        p_entity_type,
        p_entity_id,
        p_old,
        p_new,
        nullif(v_headers::jsonb ->> 'x-request-id', '')
    );
end;
$$;

comment on function app.audit_write(text, text, text, jsonb, jsonb) is
'Appends one audit row with the current actor, their application role and the request id.';
revoke execute on function app.audit_write(text, text, text, jsonb, jsonb)
from public, anon, authenticated, service_role;

-- Definer because API roles may not insert into app.audit_log or app.moderation_actions; it
-- writes only rows describing the order change that fired it.
create or replace function app.orders_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
    perform app.audit_write(
        'order.' || new.status::text, 'order', new.id::text,
        pg_catalog.jsonb_build_object('status', old.status, 'reader_id', old.reader_id),
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'status', new.status,
            'reader_id', new.reader_id,
            'rejection_reason', case when new.status = 'rejected' then new.rejection_reason end,
            'cancel_reason', case when new.status = 'cancelled' then new.cancel_reason end
        ))
    );
    if new.status <> old.status and new.status in ('approved', 'rejected') then
        insert into app.moderation_actions (actor_id, action, target_order_id, reason)
        values (
            auth.uid(),
            case when new.status = 'approved' then 'approve' else 'reject' end,
            new.id,
            case when new.status = 'approved' then new.monitor_comment else new.rejection_reason end
        );
    end if;
    return null;
end;
$$;

comment on function app.orders_audit_change() is
'Trigger: audits order creation, status and assignment changes; records approvals and '
'rejections in app.moderation_actions.';
revoke execute on function app.orders_audit_change() from public, anon, authenticated, service_role;

create trigger orders_audit_change
after insert or update on app.orders
for each row execute function app.orders_audit_change();

-- Definer: see orders_audit_change.
create or replace function app.profiles_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if new.role is distinct from old.role then
        perform app.audit_write(
            'profile.role_changed', 'profile', new.id::text,
            pg_catalog.jsonb_build_object('role', old.role),
            pg_catalog.jsonb_build_object('role', new.role)
        );
    end if;
    if (new.phone_verified, new.email_verified) is distinct from (old.phone_verified, old.email_verified) then
        perform app.audit_write(
            'profile.verification_changed', 'profile', new.id::text,
            pg_catalog.jsonb_build_object(
                'phone_verified', old.phone_verified, 'email_verified', old.email_verified
            ),
            pg_catalog.jsonb_build_object(
                'phone_verified', new.phone_verified, 'email_verified', new.email_verified
            )
        );
    end if;
    if new.is_blocked is distinct from old.is_blocked then
        perform app.audit_write(
            case when new.is_blocked then 'profile.blocked' else 'profile.unblocked' end,
            'profile', new.id::text,
            pg_catalog.jsonb_build_object('is_blocked', old.is_blocked),
            pg_catalog.jsonb_build_object('is_blocked', new.is_blocked)
        );
    end if;
    return null;
end;
$$;

comment on function app.profiles_audit_change() is
'Trigger: audits changes of a profile''s role, verification flags and block state.';
revoke execute on function app.profiles_audit_change() from public, anon, authenticated, service_role;

create trigger profiles_audit_change
after update of role, phone_verified, email_verified, is_blocked on app.profiles
for each row execute function app.profiles_audit_change();

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

create trigger moderation_actions_audit
after insert on app.moderation_actions
for each row execute function app.moderation_actions_audit();

-- Definer: see orders_audit_change.
create or replace function app.app_settings_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        perform app.audit_write(
            'settings.created', 'setting', new.key, null,
            pg_catalog.jsonb_build_object('value', new.value)
        );
    elsif tg_op = 'UPDATE' then
        if new.value is distinct from old.value then
            perform app.audit_write(
                'settings.changed', 'setting', new.key,
                pg_catalog.jsonb_build_object('value', old.value),
                pg_catalog.jsonb_build_object('value', new.value)
            );
        end if;
    else
        perform app.audit_write(
            'settings.deleted', 'setting', old.key,
            pg_catalog.jsonb_build_object('value', old.value), null
        );
    end if;
    return null;
end;
$$;

comment on function app.app_settings_audit_change() is
'Trigger: audits creation, change and deletion of settings.';
revoke execute on function app.app_settings_audit_change()
from public, anon, authenticated, service_role;

create trigger app_settings_audit_change
after insert or update or delete on app.app_settings
for each row execute function app.app_settings_audit_change();
