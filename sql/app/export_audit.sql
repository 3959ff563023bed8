-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- export_audit: the audit dataset of an export: audit rows written in its range, oldest first.
-- The log already masks phone numbers; a masked export also leaves out the reasons
-- (reason, cancel_reason, rejection_reason: free text) from the before and after data. The
-- column list is the CSV header. security_invoker: RLS decides (admins read the log).
--
-- A view like app.export_orders (see there): the export named by app.export_id
-- read once through app.export_of, its range and raw flag as scalar subqueries.
drop function if exists app.export_audit(uuid);

create or replace view app.export_audit
with (security_invoker = true)
as
with export as (
    select x.range_from, x.range_to, x.raw
    from app.export_of(nullif(pg_catalog.current_setting('app.export_id', true), '')::uuid) as x
)

select
    l.id as audit_id,
    l.occurred_at,
    l.actor_id,
    app.csv_safe(l.actor_role) as actor_role,
    app.csv_safe(l.event) as event,
    app.csv_safe(l.entity_type) as entity_type,
    app.csv_safe(l.entity_id) as entity_id,
    case
        when (select e.raw from export as e) then l.old_data
        else l.old_data - array['reason', 'cancel_reason', 'rejection_reason']
    end as old_data,
    case
        when (select e.raw from export as e) then l.new_data
        else l.new_data - array['reason', 'cancel_reason', 'rejection_reason']
    end as new_data,
    app.csv_safe(l.request_id) as request_id
from app.audit_log as l
where
    -- a one-time filter: the export is read, or refused, before any row, even in an empty range
    (select true from export)
    and l.occurred_at >= (select e.range_from from export as e)
    and l.occurred_at < (select e.range_to from export as e)
order by l.occurred_at, l.id;

comment on view app.export_audit is
'Rows of the audit CSV of an export (reasons left out unless raw). Errors: 42501.';

revoke all on table app.export_audit from public, anon, authenticated, service_role;
grant select on table app.export_audit to authenticated;
