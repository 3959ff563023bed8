-- app.order_notes: an order's internal notes (reader note, monitor comment, rejection reason).
-- Whoever may see the order sees its notes, except its client: the orders policy decides who
-- sees which order (its client, its assigned reader, unblocked staff), and these policies only
-- leave the client out, so the rule of who sees an order keeps one home. Which column may
-- change when is app.order_work_guard's business (the transitions of app.order_transitions).

alter table app.order_notes enable row level security;

revoke all on table app.order_notes from anon, authenticated, service_role;
grant select on table app.order_notes to authenticated;
grant insert (order_id, reader_note, monitor_comment, rejection_reason) on table app.order_notes to authenticated;
grant update (reader_note, monitor_comment, rejection_reason) on table app.order_notes to authenticated;
grant select on table app.order_notes to service_role;
grant insert (order_id, reader_note, monitor_comment, rejection_reason) on table app.order_notes to service_role;
grant update (reader_note, monitor_comment, rejection_reason) on table app.order_notes to service_role;

drop policy if exists order_notes_select_authenticated on app.order_notes;
create policy order_notes_select_authenticated on app.order_notes
for select
to authenticated
using (
    exists (
        select 1 from app.orders as o
        where o.id = order_notes.order_id and o.client_id <> (select auth.uid())
    )
);

drop policy if exists order_notes_insert_authenticated on app.order_notes;
create policy order_notes_insert_authenticated on app.order_notes
for insert
to authenticated
with check (
    exists (
        select 1 from app.orders as o
        where o.id = order_notes.order_id and o.client_id <> (select auth.uid())
    )
);

drop policy if exists order_notes_update_authenticated on app.order_notes;
create policy order_notes_update_authenticated on app.order_notes
for update
to authenticated
using (
    exists (
        select 1 from app.orders as o
        where o.id = order_notes.order_id and o.client_id <> (select auth.uid())
    )
)
with check (
    exists (
        select 1 from app.orders as o
        where o.id = order_notes.order_id and o.client_id <> (select auth.uid())
    )
);
