-- Reference data the whole platform reads: application roles, countries, zodiac signs.
-- Rows come from supabase/seed_meta.sql, except the five roles, which the role check and the
-- auth sync depend on from the first sign-up on.

create table app.roles (
    code text primary key check (code in ('client', 'reader', 'monitor', 'admin', 'superadmin')),
    name_en text not null,
    name_ar text not null,
    rank smallint not null unique
);

comment on table app.roles is 'Application roles, ordered by rank (client lowest).';
alter table app.roles enable row level security;
revoke all on table app.roles from anon, authenticated, service_role;

insert into app.roles (code, name_en, name_ar, rank)
values
('client', 'Client', 'عميل', 10),
('reader', 'Reader', 'قارئ', 20),
('monitor', 'Monitor', 'مراقب', 30),
('admin', 'Admin', 'مسؤول', 40),
('superadmin', 'Super admin', 'مسؤول أعلى', 50)
on conflict (code) do nothing;

create table app.countries (
    alpha2 char(2) primary key check (alpha2 ~ '^[A-Z]{2}$'),
    alpha3 char(3) not null unique check (alpha3 ~ '^[A-Z]{3}$'),
    numeric_code char(3) check (numeric_code ~ '^[0-9]{3}$'),
    name_en text not null,
    name_ar text not null,
    dial_codes text[] not null default '{}',
    default_time_zone text
);

comment on table app.countries is
'ISO 3166-1 countries with English/Arabic names, dial codes (like +44) and a default IANA zone.';
alter table app.countries enable row level security;
revoke all on table app.countries from anon, authenticated, service_role;

create table app.zodiac_signs (
    code text primary key check (code ~ '^[a-z]+$'),
    name_en text not null,
    name_ar text not null,
    start_month smallint check (start_month between 1 and 12),
    start_day smallint check (start_day between 1 and 31),
    end_month smallint check (end_month between 1 and 12),
    end_day smallint check (end_day between 1 and 31),
    element text check (element in ('fire', 'earth', 'air', 'water')),
    sort_order smallint not null unique
);

comment on table app.zodiac_signs is
'The twelve tropical sun signs; app.zodiac_sign_for(date) returns one of these codes.';
alter table app.zodiac_signs enable row level security;
revoke all on table app.zodiac_signs from anon, authenticated, service_role;
