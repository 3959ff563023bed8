-- app.media_purposes: what an upload may be for. Every signed-in user reads it (the media
-- check runs as the caller and looks the purpose up); only migrations change it.

alter table app.media_purposes enable row level security;

revoke all on table app.media_purposes from anon, authenticated, service_role;
grant select on table app.media_purposes to authenticated;
grant select on table app.media_purposes to service_role;

drop policy if exists media_purposes_select_authenticated on app.media_purposes;
create policy media_purposes_select_authenticated on app.media_purposes
for select
to authenticated
using (true);
