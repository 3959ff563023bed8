-- app.order_transitions: the workflow rules. Every signed-in user reads them (the orders_10
-- trigger runs as the caller and looks them up); only migrations change them.

alter table app.order_transitions enable row level security;

revoke all on table app.order_transitions from anon, authenticated, service_role;
grant select on table app.order_transitions to authenticated;
grant select on table app.order_transitions to service_role;

drop policy if exists order_transitions_select_authenticated on app.order_transitions;
create policy order_transitions_select_authenticated on app.order_transitions
for select
to authenticated
using (true);
