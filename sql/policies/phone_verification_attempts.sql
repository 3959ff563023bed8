-- app.phone_verification_attempts: users read their own attempts, admins and superadmins all;
-- nobody writes directly (the app.phone_verification_* definer functions do).

alter table app.phone_verification_attempts enable row level security;

revoke all on table app.phone_verification_attempts from anon, authenticated, service_role;
grant select on table app.phone_verification_attempts to authenticated;

drop policy if exists phone_verification_attempts_select_authenticated
on app.phone_verification_attempts;
create policy phone_verification_attempts_select_authenticated
on app.phone_verification_attempts
for select
to authenticated
using (
    user_id = (select auth.uid())
    or (select app.has_role('admin', 'superadmin'))
);
