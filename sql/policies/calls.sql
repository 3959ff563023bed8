-- app.calls: a call is seen by whoever sees its order (the orders policy decides: its client,
-- its reader, staff). Users never write calls: the definer helpers (app.call_initiate_begin,
-- app.call_terminate) and the service role (voice webhooks, the stuck-call job) do.

alter table app.calls enable row level security;

revoke all on table app.calls from anon, authenticated, service_role;
grant select on table app.calls to authenticated;
grant select on table app.calls to service_role;
grant update (
    state, conference_sid, reader_call_sid, client_call_sid, reader_joined_at, reader_left_at,
    client_joined_at, client_left_at, started_at, ended_at, end_reason, last_event_at
) on table app.calls to service_role;

drop policy if exists calls_select_authenticated on app.calls;
create policy calls_select_authenticated on app.calls
for select
to authenticated
using (exists (select 1 from app.orders as o where o.id = calls.order_id));
