-- What clients must not see moves out of app.orders, so that the tables' own policies decide
-- instead of the RPCs' shaping alone:
-- - app.order_results: the reader's result (text and/or media). The assigned reader and staff
--   read it at any time; the order's client only once the order is delivered.
-- - app.order_notes: the reader's note, the monitor's comment and the rejection reason. The
--   assigned reader and staff read them; the client never.
-- Both are written in the transaction of the transition that lists their columns in
-- app.order_transitions.writable_columns (the guard trigger in sql/app/order_work_guard.sql).
-- The constraints orders_result_when_submitted and orders_reason_when_rejected go with the
-- columns; the workflow trigger checks a submitted result (ORDRQ) and the reject RPC the reason.

create table app.order_results (
    order_id uuid primary key references app.orders (id) on delete cascade,
    output_text text check (char_length(output_text) <= 20000),
    output_media_id uuid references app.media_assets (id) on delete set null,
    updated_at timestamptz not null default now()
);

comment on table app.order_results is
'The result of an order: the assigned reader and staff read it; its client once delivered.';

create index order_results_output_media_id_idx on app.order_results (output_media_id);

create table app.order_notes (
    order_id uuid primary key references app.orders (id) on delete cascade,
    reader_note text check (char_length(reader_note) <= 4000),
    monitor_comment text check (char_length(monitor_comment) <= 2000),
    rejection_reason text check (char_length(rejection_reason) between 1 and 1000),
    updated_at timestamptz not null default now()
);

comment on table app.order_notes is
'Internal notes of an order (reader note, monitor comment, rejection reason); never for clients.';

alter table app.order_results enable row level security;
alter table app.order_notes enable row level security;
revoke all on table app.order_results from anon, authenticated, service_role;
revoke all on table app.order_notes from anon, authenticated, service_role;

insert into app.order_results (order_id, output_text, output_media_id)
select o.id, o.output_text, o.output_media_id
from app.orders as o
where o.output_text is not null or o.output_media_id is not null;

insert into app.order_notes (order_id, reader_note, monitor_comment, rejection_reason)
select o.id, o.reader_note, o.monitor_comment, o.rejection_reason
from app.orders as o
where o.reader_note is not null or o.monitor_comment is not null or o.rejection_reason is not null;

-- the grants of sql/policies/orders.sql name these columns; revoke before dropping
revoke update on table app.orders from authenticated, service_role;

alter table app.orders
drop column output_text,
drop column output_media_id,
drop column reader_note,
drop column monitor_comment,
drop column rejection_reason;
