-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- export_audit: the audit dataset of an export: audit rows written in its range, oldest first.
-- The log already masks phone numbers; a masked export also leaves out the reasons
-- (reason, cancel_reason, rejection_reason: free text) from the before and after data. The
-- column list is the CSV header. Invoker: RLS decides (admins read the log).
--
-- Inlined like app.export_orders (see there): a plain SQL function without settings, the export
-- read once through app.export_of, its range and raw flag as scalar subqueries.
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
as $$
    with export as (
        select x.range_from, x.range_to, x.raw from app.export_of(p_export_id) as x
    )

    select
        l.id,
        l.occurred_at,
        l.actor_id,
        app.csv_safe(l.actor_role),
        app.csv_safe(l.event),
        app.csv_safe(l.entity_type),
        app.csv_safe(l.entity_id),
        case
            when (select e.raw from export as e) then l.old_data
            else l.old_data - array['reason', 'cancel_reason', 'rejection_reason']
        end,
        case
            when (select e.raw from export as e) then l.new_data
            else l.new_data - array['reason', 'cancel_reason', 'rejection_reason']
        end,
        app.csv_safe(l.request_id)
    from app.audit_log as l
    where
        l.occurred_at >= (select e.range_from from export as e)
        and l.occurred_at < (select e.range_to from export as e)
    order by l.occurred_at, l.id
$$;

comment on function app.export_audit(uuid) is
'Rows of the audit CSV of an export (reasons left out unless raw). Errors: 42501.';

revoke execute on function app.export_audit(uuid) from public, anon, service_role;
grant execute on function app.export_audit(uuid) to authenticated;
