-- app.profiles: a user reads and edits their own profile; monitors, admins and superadmins read
-- every profile. Only harmless columns are writable (column grants); role, contact verification,
-- block state and derived columns are also guarded by the profiles_10 trigger.

alter table app.profiles enable row level security;

revoke all on table app.profiles from anon, authenticated, service_role;
grant select on table app.profiles to authenticated;
grant update (
    first_name, last_name, date_of_birth, country_code, time_zone, language,
    gender, marital_status, birth_time, birth_place
) on table app.profiles to authenticated;
grant select on table app.profiles to service_role;

drop policy if exists profiles_select_authenticated on app.profiles;
create policy profiles_select_authenticated on app.profiles
for select
to authenticated
using (
    id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);

drop policy if exists profiles_update_authenticated on app.profiles;
create policy profiles_update_authenticated on app.profiles
for update
to authenticated
using (id = (select auth.uid()))
with check (id = (select auth.uid()));
