-- Astro readings: the birth data and natal chart stored with an astro order, and the Arabic
-- and English names of the chart's points, aspects and elements (reference rows from the seed).
-- Shape only: the policies are in sql/policies/, the checks and RPCs in sql/app/ and sql/rpc/.

create table app.astro_labels (
    code text primary key check (code ~ '^[a-z_]+$'),
    kind text not null check (kind in ('body', 'angle', 'aspect', 'element')),
    name_en text not null,
    name_ar text not null,
    sort_order smallint not null unique
);

comment on table app.astro_labels is
'Arabic and English names of the natal chart''s bodies, angles, aspects and elements.';
alter table app.astro_labels enable row level security;
revoke all on table app.astro_labels from anon, authenticated, service_role;

create table app.order_astro (
    order_id uuid primary key references app.orders (id) on delete cascade,
    birth_date date not null,
    birth_time time,
    latitude double precision not null check (latitude between -90 and 90),
    longitude double precision not null check (longitude between -180 and 180),
    place_label text check (char_length(place_label) between 1 and 200),
    time_zone text not null,
    -- a chart is about 5 kB; the cap keeps a client calling the RPC directly from storing more
    chart jsonb not null check (
        jsonb_typeof(chart) = 'object'
        and coalesce(jsonb_typeof(chart -> 'bodies'), 'missing') = 'array'
        and octet_length(chart::text) <= 65536
    ),
    created_at timestamptz not null default now()
);

comment on table app.order_astro is
'Birth data and natal chart of an astro order (birth_time null: time unknown, no houses).';
alter table app.order_astro enable row level security;
revoke all on table app.order_astro from anon, authenticated, service_role;
