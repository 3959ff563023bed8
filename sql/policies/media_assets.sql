-- app.media_assets: owners read their own media rows; monitors, admins and superadmins read all.
-- Uploads are registered by RPCs in a later issue.

alter table app.media_assets enable row level security;

revoke all on table app.media_assets from anon, authenticated, service_role;
grant select on table app.media_assets to authenticated;
grant select on table app.media_assets to service_role;

drop policy if exists media_assets_select_authenticated on app.media_assets;
create policy media_assets_select_authenticated on app.media_assets
for select
to authenticated
using (
    owner_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);
