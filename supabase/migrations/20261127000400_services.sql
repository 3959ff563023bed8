-- The catalogue of readings a client can order; price in integer minor units.

create table app.services (
    code text primary key check (code ~ '^[a-z_]+$'),
    name_en text not null,
    name_ar text not null,
    description_en text,
    description_ar text,
    price_minor integer not null check (price_minor >= 0),
    currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
    is_active boolean not null default true,
    sort_order smallint not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

comment on table app.services is
'Orderable services (tarot, coffee, astro, healing, direct_call); inactive ones are hidden.';
alter table app.services enable row level security;
revoke all on table app.services from anon, authenticated, service_role;

create index services_is_active_sort_order_idx on app.services (is_active, sort_order);

create trigger services_touch_updated_at
before update on app.services
for each row execute function app.touch_updated_at();
