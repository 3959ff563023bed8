-- app.reader_availability: a reader's weekly windows. Every signed-in user acting with a role
-- reads them (clients book by them); a blocked user, who acts with no role, only their own.
-- No API role writes: a reader replaces their own rows through the availability RPCs
-- (app.replace_my_availability, a definer that acts only for the calling reader).

alter table app.reader_availability enable row level security;

revoke all on table app.reader_availability from anon, authenticated, service_role;
grant select on table app.reader_availability to authenticated;
grant select on table app.reader_availability to service_role;

drop policy if exists reader_availability_select_authenticated on app.reader_availability;
create policy reader_availability_select_authenticated on app.reader_availability
for select
to authenticated
using (
    reader_id = (select auth.uid())
    or (select app.current_role()) is not null
);
