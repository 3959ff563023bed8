-- app.call_monitor_actions: staff (monitors and above) read what monitors did on calls; rows
-- are written by app.call_terminate (definer) and, for listen, whisper and barge, by the
-- service side of the monitor functions (app.call_record_monitor_action).

alter table app.call_monitor_actions enable row level security;

revoke all on table app.call_monitor_actions from anon, authenticated, service_role;
grant select on table app.call_monitor_actions to authenticated;
grant select on table app.call_monitor_actions to service_role;
grant insert (
    call_id, monitor_id, action, participant_call_sid, left_at
) on table app.call_monitor_actions to service_role;
-- the voice webhooks record when a monitor's listening leg left (app.record_call_event)
grant update (left_at) on table app.call_monitor_actions to service_role;

drop policy if exists call_monitor_actions_select_authenticated on app.call_monitor_actions;
create policy call_monitor_actions_select_authenticated on app.call_monitor_actions
for select
to authenticated
using ((select app.has_role('monitor', 'admin', 'superadmin')));
