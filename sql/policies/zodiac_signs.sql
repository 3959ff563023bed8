-- app.zodiac_signs: public metadata, read through public.list_zodiac_signs (invoker).

alter table app.zodiac_signs enable row level security;

revoke all on table app.zodiac_signs from anon, authenticated, service_role;
grant select on table app.zodiac_signs to anon;
grant select on table app.zodiac_signs to authenticated;
grant select on table app.zodiac_signs to service_role;

drop policy if exists zodiac_signs_select_anon on app.zodiac_signs;
create policy zodiac_signs_select_anon on app.zodiac_signs
for select
to anon
using (true);

drop policy if exists zodiac_signs_select_authenticated on app.zodiac_signs;
create policy zodiac_signs_select_authenticated on app.zodiac_signs
for select
to authenticated
using (true);
