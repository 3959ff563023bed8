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
    or exists (select 1 from app.horoscopes as h where h.media_id = media_assets.id)
);

-- The audio of a horoscope is as visible as the horoscope: the sub-selects here and above run
-- under the policies of app.horoscopes, so the public reads only the audio rows of today's
-- approved horoscopes.
grant select on table app.media_assets to anon;

drop policy if exists media_assets_select_anon on app.media_assets;
create policy media_assets_select_anon on app.media_assets
for select
to anon
using (exists (select 1 from app.horoscopes as h where h.media_id = media_assets.id));
