-- Orders for readings. Only the table and its states for now; the transitions between states
-- are a later migration (a transitions table plus a before-update trigger).

create type app.order_status as enum (
    'new',
    'assigned',
    'in_progress',
    'awaiting_approval',
    'approved',
    'rejected',
    'delivered',
    'cancelled'
);

comment on type app.order_status is 'Life cycle of an order, from new to delivered or cancelled.';

create table app.orders (
    id uuid primary key default gen_random_uuid(),
    client_id uuid not null references app.profiles (id) on delete restrict,
    service_code text not null references app.services (code) on delete restrict,
    reader_id uuid references app.profiles (id) on delete set null,
    status app.order_status not null default 'new',
    question text not null check (char_length(question) between 1 and 2000),
    input_media_id uuid references app.media_assets (id) on delete set null,
    output_text text,
    output_media_id uuid references app.media_assets (id) on delete set null,
    is_gold boolean not null default false,
    priority smallint not null default 0,
    scheduled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

comment on table app.orders is
'A client''s order for a service; a reader answers it, a monitor approves before delivery.';
alter table app.orders enable row level security;
revoke all on table app.orders from anon, authenticated, service_role;

create index orders_client_id_idx on app.orders (client_id);
create index orders_reader_id_idx on app.orders (reader_id);
create index orders_service_code_idx on app.orders (service_code);
create index orders_input_media_id_idx on app.orders (input_media_id);
create index orders_output_media_id_idx on app.orders (output_media_id);
create index orders_status_created_at_idx on app.orders (status, created_at);

create trigger orders_touch_updated_at
before update on app.orders
for each row execute function app.touch_updated_at();
