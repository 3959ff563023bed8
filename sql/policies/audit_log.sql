-- app.audit_log: admins and superadmins read it; no API role writes it (triggers do, and the
-- table rejects update, delete and truncate for everyone).

alter table app.audit_log enable row level security;

revoke all on table app.audit_log from anon, authenticated, service_role;
grant select on table app.audit_log to authenticated;
grant select on table app.audit_log to service_role;

drop policy if exists audit_log_select_authenticated on app.audit_log;
create policy audit_log_select_authenticated on app.audit_log
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
