-- Media in Storage: the product's private buckets, the purposes an upload may serve, and the
-- columns app.media_assets needs to tie a file to its purpose and order. Data rows and shape
-- only; the rules are in sql/app (media_*), sql/policies/storage_objects.sql and
-- sql/policies/media_assets.sql. Storage owns storage.buckets and its grants: only rows here.

-- Private buckets (works on Supabase, where Storage created the table, and locally, where the
-- bootstrap did). Sizes and types are decided by app.media_check_upload from app_settings, so
-- the buckets carry no file_size_limit or allowed_mime_types of their own.
insert into storage.buckets (id, name, public)
values
('order-inputs', 'order-inputs', false),
('order-results', 'order-results', false),
('exports', 'exports', false)
on conflict (id) do nothing;

-- What an upload is for: its bucket, the kinds of media it accepts and whether it belongs to
-- an order (then its object is stored as `<order_id>/<media_id>`). A new purpose is a row here
-- plus its policies on storage.objects.
create table app.media_purposes (
    code text primary key check (code ~ '^[a-z][a-z_]*$'),
    bucket text not null unique,
    kinds text[] not null check (kinds <@ array['audio', 'image', 'video']::text[]),
    per_order boolean not null,
    description text not null
);

comment on table app.media_purposes is
'What an upload may be for: its Storage bucket, the media kinds it accepts, whether per order.';
alter table app.media_purposes enable row level security;
revoke all on table app.media_purposes from anon, authenticated, service_role;

insert into app.media_purposes (code, bucket, kinds, per_order, description)
values
(
    'order_input', 'order-inputs', array['image'], true,
    'What a client sends with their order, e.g. a photo of their coffee cup.'
),
(
    'order_result', 'order-results', array['audio'], true,
    'The reader''s human-voiced answer to an order.'
);

alter table app.media_assets
add column purpose text references app.media_purposes (code),
add column order_id uuid references app.orders (id) on delete restrict,
add column details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object');

comment on column app.media_assets.purpose is
'app.media_purposes code of an upload (null for rows that predate uploads).';
comment on column app.media_assets.order_id is 'The order an order_input or order_result is for.';
comment on column app.media_assets.details is
'What the upload measured besides size and duration: codec, channels, width, height.';

create index media_assets_order_id_idx on app.media_assets (order_id);
create index media_assets_purpose_idx on app.media_assets (purpose);
