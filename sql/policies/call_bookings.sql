-- app.call_bookings: a client reads their own calls, a reader the calls booked with them,
-- monitors, admins and superadmins every call (blocked staff act with no role: only their own
-- rows). No API role writes it: bookings are made, moved and released by the definer helpers
-- app.book_call_slot, app.move_call_booking and app.release_call_booking, which check the
-- booking rules for every caller.

alter table app.call_bookings enable row level security;

revoke all on table app.call_bookings from anon, authenticated, service_role;
grant select on table app.call_bookings to authenticated;
grant select on table app.call_bookings to service_role;

drop policy if exists call_bookings_select_authenticated on app.call_bookings;
create policy call_bookings_select_authenticated on app.call_bookings
for select
to authenticated
using (
    client_id = (select auth.uid())
    or reader_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);
