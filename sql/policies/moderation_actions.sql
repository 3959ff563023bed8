-- app.moderation_actions: monitors, admins and superadmins read the moderation history; rows are
-- written only by app.set_profile_block and the orders audit trigger (definer).

alter table app.moderation_actions enable row level security;

revoke all on table app.moderation_actions from anon, authenticated, service_role;
grant select on table app.moderation_actions to authenticated;
grant select on table app.moderation_actions to service_role;

drop policy if exists moderation_actions_select_authenticated on app.moderation_actions;
create policy moderation_actions_select_authenticated on app.moderation_actions
for select
to authenticated
using ((select app.has_role('monitor', 'admin', 'superadmin')));
