-- requires: sql/app/export_of.sql
-- export_audit: the audit dataset of an export: audit rows written in its range, oldest first.
-- The log already masks phone numbers; a masked export also leaves out the reasons
-- (reason, cancel_reason, rejection_reason: free text) from the before and after data. The
-- column list is the CSV header. Invoker: RLS decides (admins read the log).
create or replace function app.export_audit(p_export_id uuid)
returns table (
    audit_id bigint,
    occurred_at timestamptz,
    actor_id uuid,
    actor_role text,
    event text,
    entity_type text,
    entity_id text,
    old_data jsonb,
    new_data jsonb,
    request_id text
)
language sql
stable
security invoker
set search_path = ''
as $$
    select
        l.id,
        l.occurred_at,
        l.actor_id,
        l.actor_role,
        l.event,
        l.entity_type,
        l.entity_id,
        case
            when e.raw then l.old_data
            else l.old_data - array['reason', 'cancel_reason', 'rejection_reason']
        end,
        case
            when e.raw then l.new_data
            else l.new_data - array['reason', 'cancel_reason', 'rejection_reason']
        end,
        l.request_id
    from app.export_of(p_export_id) as e
    inner join app.audit_log as l on l.occurred_at >= e.range_from and l.occurred_at < e.range_to
    order by l.occurred_at, l.id
$$;

comment on function app.export_audit(uuid) is
'Rows of the audit CSV of an export (reasons left out unless raw). Errors: 42501.';

revoke execute on function app.export_audit(uuid) from public, anon, service_role;
grant execute on function app.export_audit(uuid) to authenticated;
