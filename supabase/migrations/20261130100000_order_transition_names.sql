-- Every allowed order transition gets a name (assign, reassign, start, submit, approve, reject,
-- deliver, cancel). An RPC names the transition it makes (app.name_order_transition) and the
-- orders trigger then accepts only a row of that name, so an action never turns into another
-- one: an admin who assigns a new order that a colleague assigned a moment earlier gets ORDTR
-- instead of silently reassigning it. Direct writes name nothing and are matched on
-- (from, to, role) as before.
alter table app.order_transitions add column name text;

update app.order_transitions as t
set name = case
    when t.to_status = 'assigned' and t.from_status = 'new' then 'assign'
    when t.to_status = 'assigned' then 'reassign'
    when t.to_status = 'in_progress' then 'start'
    when t.to_status = 'awaiting_approval' then 'submit'
    when t.to_status = 'approved' then 'approve'
    when t.to_status = 'rejected' then 'reject'
    when t.to_status = 'delivered' then 'deliver'
    when t.to_status = 'cancelled' then 'cancel'
end;

alter table app.order_transitions
alter column name set not null,
add constraint order_transitions_name_check check (
    name in ('assign', 'reassign', 'start', 'submit', 'approve', 'reject', 'deliver', 'cancel')
);

comment on column app.order_transitions.name is
'The action this transition is: what an RPC names (app.name_order_transition) to make it.';
