-- app.reader_availability_exceptions: a reader's dated exceptions (time off, extra
-- windows). Every signed-in user acting with a role reads them (clients book by them); a
-- blocked user, who acts with no role, only their own.
-- No API role writes: a reader replaces their own rows through the availability RPCs
-- (app.replace_my_availability, a definer that acts only for the calling reader).

alter table app.reader_availability_exceptions enable row level security;

revoke all on table app.reader_availability_exceptions from anon, authenticated, service_role;
grant select on table app.reader_availability_exceptions to authenticated;
grant select on table app.reader_availability_exceptions to service_role;

drop policy if exists reader_availability_exceptions_select_authenticated on app.reader_availability_exceptions;
create policy reader_availability_exceptions_select_authenticated on app.reader_availability_exceptions
for select
to authenticated
using (
    reader_id = (select auth.uid())
    or (select app.current_role()) is not null
);
