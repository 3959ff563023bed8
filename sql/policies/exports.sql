-- app.exports: admins read the masked exports, superadmins every export (raw ones included).
-- Nobody writes the table directly: app.export_begin and app.export_finish (definer) are the
-- only way in, and the retention job removes expired rows.

alter table app.exports enable row level security;

revoke all on table app.exports from anon, authenticated, service_role;
grant select on table app.exports to authenticated;
grant select on table app.exports to service_role;

drop policy if exists exports_select_authenticated on app.exports;
create policy exports_select_authenticated on app.exports
for select
to authenticated
using (
    (select app.has_role('superadmin'))
    or (not raw and (select app.has_role('admin')))
);
