-- audit_write: the one writer of app.audit_log. Every state change is audited in the same
-- transaction by the *_audit_change triggers, which call this.

-- Invoker, no grants: only the definer triggers below (owned by postgres) call it. The actor is
-- the signed-in user, whatever role the trigger runs as; the request id is PostgREST's
-- x-request-id header when the call came through the API, kept only when short and plain
-- (letters, digits, ".", "_", "-"; at most 64), the rule the functions and the dev gateway
-- apply at their edge too: PostgREST passes the header on unchecked.
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
    v_request_id text := v_headers::jsonb ->> 'x-request-id';
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
        case when v_request_id ~ '^[A-Za-z0-9._-]{1,64}$' then v_request_id end
    );
end;
$$;

comment on function app.audit_write(text, text, text, jsonb, jsonb) is
'Appends one audit row with the current actor, their application role and the request id.';

revoke execute on function app.audit_write(text, text, text, jsonb, jsonb)
from public, anon, authenticated, service_role;
