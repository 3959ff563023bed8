-- app.reader_availability_exceptions: a reader's dated exceptions (time off, extra windows).
-- Every signed-in user acting with a role reads them (clients book by them); a reader writes
-- only their own, as the availability RPCs do (replace = delete + insert; there is no update). Blocked users act with no role: a blocked
-- reader reads and changes nothing but still sees their own exceptions.

alter table app.reader_availability_exceptions enable row level security;

revoke all on table app.reader_availability_exceptions from anon, authenticated, service_role;
grant select on table app.reader_availability_exceptions to authenticated;
grant insert (
    reader_id, on_date, starts_at, ends_at, time_zone, is_available
) on table app.reader_availability_exceptions to authenticated;
grant delete on table app.reader_availability_exceptions to authenticated;
grant select on table app.reader_availability_exceptions to service_role;

drop policy if exists reader_availability_exceptions_select_authenticated on app.reader_availability_exceptions;
create policy reader_availability_exceptions_select_authenticated on app.reader_availability_exceptions
for select
to authenticated
using (
    reader_id = (select auth.uid())
    or (select app.current_role()) is not null
);

drop policy if exists reader_availability_exceptions_insert_reader on app.reader_availability_exceptions;
create policy reader_availability_exceptions_insert_reader on app.reader_availability_exceptions
for insert
to authenticated
with check (
    reader_id = (select auth.uid())
    and (select app.has_role('reader'))
);

drop policy if exists reader_availability_exceptions_delete_reader on app.reader_availability_exceptions;
create policy reader_availability_exceptions_delete_reader on app.reader_availability_exceptions
for delete
to authenticated
using (
    reader_id = (select auth.uid())
    and (select app.has_role('reader'))
);
