-- app.reader_availability: a reader's weekly windows. Every signed-in user acting with a role
-- reads them (clients book by them); a reader writes only their own, as the availability RPCs
-- do (replace = delete + insert; there is no update). Blocked users act with no role: a blocked
-- reader reads and changes nothing but still sees their own windows.

alter table app.reader_availability enable row level security;

revoke all on table app.reader_availability from anon, authenticated, service_role;
grant select on table app.reader_availability to authenticated;
grant insert (
    reader_id, weekday, starts_at, ends_at, time_zone
) on table app.reader_availability to authenticated;
grant delete on table app.reader_availability to authenticated;
grant select on table app.reader_availability to service_role;

drop policy if exists reader_availability_select_authenticated on app.reader_availability;
create policy reader_availability_select_authenticated on app.reader_availability
for select
to authenticated
using (
    reader_id = (select auth.uid())
    or (select app.current_role()) is not null
);

drop policy if exists reader_availability_insert_reader on app.reader_availability;
create policy reader_availability_insert_reader on app.reader_availability
for insert
to authenticated
with check (
    reader_id = (select auth.uid())
    and (select app.has_role('reader'))
);

drop policy if exists reader_availability_delete_reader on app.reader_availability;
create policy reader_availability_delete_reader on app.reader_availability
for delete
to authenticated
using (
    reader_id = (select auth.uid())
    and (select app.has_role('reader'))
);
