-- app.call_states: the ranked states of a live call. Every signed-in user and the service
-- role read them (the calls_10 trigger runs as the writer and looks them up); only migrations
-- change them.

alter table app.call_states enable row level security;

revoke all on table app.call_states from anon, authenticated, service_role;
grant select on table app.call_states to authenticated;
grant select on table app.call_states to service_role;

drop policy if exists call_states_select_authenticated on app.call_states;
create policy call_states_select_authenticated on app.call_states
for select
to authenticated
using (true);
