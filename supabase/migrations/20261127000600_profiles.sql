-- One profile per auth.users row, kept in step by the auth sync trigger below. The application
-- role lives here and is never taken from user-editable metadata.

create table app.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    role text not null default 'client' references app.roles (code) on delete restrict,
    email text,
    first_name text check (char_length(first_name) <= 100),
    last_name text check (char_length(last_name) <= 100),
    date_of_birth date check (date_of_birth >= date '1900-01-01'),
    zodiac_sign text references app.zodiac_signs (code) on delete restrict,
    country_code char(2) references app.countries (alpha2) on delete restrict,
    time_zone text,
    language text not null default 'en' check (language in ('ar', 'en')),
    phone text unique check (phone ~ '^\+[1-9][0-9]{6,14}$'),
    phone_verified boolean not null default false,
    email_verified boolean not null default false,
    is_blocked boolean not null default false,
    blocked_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

comment on table app.profiles is
'Application profile of each auth user: role, contact, birth data, preferences, block state.';
comment on column app.profiles.zodiac_sign is
'Derived from date_of_birth by a trigger; never written by clients.';
comment on column app.profiles.phone is 'E.164, set by the phone verification flow.';
alter table app.profiles enable row level security;
revoke all on table app.profiles from anon, authenticated, service_role;

create index profiles_role_idx on app.profiles (role);
create index profiles_zodiac_sign_idx on app.profiles (zodiac_sign);
create index profiles_country_code_idx on app.profiles (country_code);

-- Columns only the platform may change (verification, block state, role, derived data). Column
-- grants already keep them from clients; this trigger also stops any future invoker code
-- running as an API role. Definer code (owned by postgres) and the service side pass.
create or replace function app.profiles_guard_protected_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_changed text;
begin
    if current_user not in ('anon', 'authenticated') then
        return new;
    end if;
    select pg_catalog.string_agg(n.key, ', ' order by n.key)
    into v_changed
    from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) as n
    inner join pg_catalog.jsonb_each(pg_catalog.to_jsonb(old)) as o on n.key = o.key
    where
        n.key in (
            'id', 'role', 'email', 'phone', 'phone_verified', 'email_verified',
            'is_blocked', 'blocked_at', 'zodiac_sign', 'created_at'
        )
        and n.value is distinct from o.value;
    if v_changed is not null then
        raise exception 'These profile fields are managed by the platform: %', v_changed
            using
                errcode = '42501',
                detail = pg_catalog.format('protected columns: %s', v_changed),
                hint = 'Use the dedicated flow (phone verification, role change, block).';
    end if;
    return new;
end;
$$;

comment on function app.profiles_guard_protected_columns() is
'Trigger: rejects changes to protected profile columns made as anon or authenticated (42501).';
revoke execute on function app.profiles_guard_protected_columns()
from public, anon, authenticated, service_role;

-- Derived and normalised columns: the zodiac sign follows the birth date, blocked_at follows
-- is_blocked, and a time zone must be a real IANA name.
create or replace function app.profiles_derive_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.zodiac_sign := app.zodiac_sign_for(new.date_of_birth);
    if new.is_blocked and new.blocked_at is null then
        new.blocked_at := pg_catalog.now();
    elsif not new.is_blocked then
        new.blocked_at := null;
    end if;
    if
        new.time_zone is not null
        and (tg_op = 'INSERT' or new.time_zone is distinct from old.time_zone)
        and not exists (
            select 1 from pg_catalog.pg_timezone_names as tz
            where tz.name = new.time_zone
        )
    then
        raise exception 'Unknown time zone %', new.time_zone
            using
                errcode = 'BADTZ',
                detail = pg_catalog.format('time_zone: %s', new.time_zone),
                hint = 'Use an IANA time zone name such as Asia/Dubai.';
    end if;
    return new;
end;
$$;

comment on function app.profiles_derive_columns() is
'Trigger: derives zodiac_sign and blocked_at, validates time_zone (BADTZ).';
revoke execute on function app.profiles_derive_columns()
from public, anon, authenticated, service_role;

-- BEFORE triggers fire in name order: guard what the caller sent, then derive, then stamp.
create trigger profiles_10_guard_protected_columns
before update on app.profiles
for each row execute function app.profiles_guard_protected_columns();

create trigger profiles_20_derive_columns
before insert or update on app.profiles
for each row execute function app.profiles_derive_columns();

create trigger profiles_30_touch_updated_at
before update on app.profiles
for each row execute function app.touch_updated_at();

-- Auth sync. Definer because Supabase Auth writes auth.users as supabase_auth_admin, which has
-- no rights on `app`; the function only ever touches the profile of the row that fired it.
-- The initial role comes from raw_app_meta_data (writable only with the service key), never
-- from raw_user_meta_data (writable by the user), and only on insert.
create or replace function app.sync_profile_from_auth_user() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_role text := 'client';
begin
    if tg_op = 'INSERT' then
        select r.code into v_role
        from app.roles as r
        where r.code = new.raw_app_meta_data ->> 'role';
        v_role := coalesce(v_role, 'client');
    end if;
    insert into app.profiles as p (id, role, email, email_verified)
    values (new.id, v_role, new.email, new.email_confirmed_at is not null)
    on conflict (id) do update
        set
            email = excluded.email,
            email_verified = excluded.email_verified
        where
            (p.email, p.email_verified)
            is distinct from (excluded.email, excluded.email_verified);
    return null;
end;
$$;

comment on function app.sync_profile_from_auth_user() is
'Trigger on auth.users: creates the profile (role from app_metadata) and syncs email fields.';
revoke execute on function app.sync_profile_from_auth_user()
from public, anon, authenticated, service_role;

create trigger on_auth_user_sync_profile
after insert or update of email, email_confirmed_at on auth.users
for each row execute function app.sync_profile_from_auth_user();
