-- app.call_events: Twilio's callbacks as received. Staff (monitors and above) read them; only
-- the service role (the voice webhooks, through app.record_call_event) writes them.

alter table app.call_events enable row level security;

revoke all on table app.call_events from anon, authenticated, service_role;
grant select on table app.call_events to authenticated;
grant select on table app.call_events to service_role;
grant insert (
    call_id, source, provider_sid, event, sequence_number, occurred_at, params
) on table app.call_events to service_role;

drop policy if exists call_events_select_authenticated on app.call_events;
create policy call_events_select_authenticated on app.call_events
for select
to authenticated
using ((select app.has_role('monitor', 'admin', 'superadmin')));
