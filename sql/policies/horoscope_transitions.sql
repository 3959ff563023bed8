-- app.horoscope_transitions: the horoscope workflow rules. Signed-in users and the service role
-- read them (the horoscopes trigger runs as the caller and looks them up); only migrations
-- change them.

alter table app.horoscope_transitions enable row level security;

revoke all on table app.horoscope_transitions from anon, authenticated, service_role;
grant select on table app.horoscope_transitions to authenticated;
grant select on table app.horoscope_transitions to service_role;

drop policy if exists horoscope_transitions_select_authenticated on app.horoscope_transitions;
create policy horoscope_transitions_select_authenticated on app.horoscope_transitions
for select
to authenticated
using (true);
