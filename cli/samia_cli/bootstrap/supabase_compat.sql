-- Supabase-compatibility bootstrap for a plain PostgreSQL (local stack and test databases only).
-- Recreates what a Supabase project already has: the API roles, the auth/extensions/storage
-- schemas, auth.users with Supabase's columns and the auth.* helpers with Supabase's own
-- definitions. Every object is created only when missing, so running this against a real
-- Supabase project changes nothing there.

do $bootstrap$
begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then
        create role anon nologin inherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then
        create role authenticated nologin inherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
        create role service_role nologin inherit bypassrls;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticator') then
        -- local password only; a Supabase project manages its own
        create role authenticator login noinherit password 'postgres';
        alter role authenticator set statement_timeout = '8s';
        alter role authenticator set lock_timeout = '8s';
        alter role anon set statement_timeout = '3s';
        alter role authenticated set statement_timeout = '8s';
        -- Supabase's legacy default privileges on public (all rights for the API roles), set
        -- only on a fresh local cluster: they make our first migration's revocations do real
        -- work.
        alter default privileges in schema public grant all on tables
        to anon, authenticated, service_role;
        alter default privileges in schema public grant all on functions
        to anon, authenticated, service_role;
        alter default privileges in schema public grant all on sequences
        to anon, authenticated, service_role;
    end if;
end
$bootstrap$;

-- one role per statement: sqlfluff's postgres dialect cannot parse a list of granted roles
grant anon to authenticator;
grant authenticated to authenticator;
grant service_role to authenticator;

create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists storage;

grant usage on schema public, extensions, auth to anon, authenticated, service_role;
grant usage on schema storage to anon, authenticated, service_role;

create extension if not exists vector with schema extensions;

create table if not exists auth.users (
    instance_id uuid,
    id uuid not null primary key,
    aud varchar(255),
    role varchar(255),
    email varchar(255),
    encrypted_password varchar(255),
    email_confirmed_at timestamptz,
    invited_at timestamptz,
    confirmation_token varchar(255),
    confirmation_sent_at timestamptz,
    recovery_token varchar(255),
    recovery_sent_at timestamptz,
    email_change_token_new varchar(255),
    email_change varchar(255),
    email_change_sent_at timestamptz,
    last_sign_in_at timestamptz,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamptz,
    updated_at timestamptz,
    phone text unique default null,
    phone_confirmed_at timestamptz,
    phone_change text default '',
    phone_change_token varchar(255) default '',
    phone_change_sent_at timestamptz,
    confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
    email_change_token_current varchar(255) default '',
    email_change_confirm_status smallint default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
    banned_until timestamptz,
    reauthentication_token varchar(255) default '',
    reauthentication_sent_at timestamptz,
    is_sso_user boolean not null default false,
    deleted_at timestamptz,
    is_anonymous boolean not null default false
);

create unique index if not exists users_email_partial_key on auth.users (email)
where is_sso_user = false;
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);
alter table auth.users enable row level security;

do $helpers$
begin
    if to_regprocedure('auth.uid()') is null then
        create function auth.uid() returns uuid
        language sql stable as $fn$
            select coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $fn$;
    end if;
    if to_regprocedure('auth.role()') is null then
        create function auth.role() returns text
        language sql stable as $fn$
            select coalesce(
                nullif(current_setting('request.jwt.claim.role', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
            )::text
        $fn$;
    end if;
    if to_regprocedure('auth.email()') is null then
        create function auth.email() returns text
        language sql stable as $fn$
            select coalesce(
                nullif(current_setting('request.jwt.claim.email', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
            )::text
        $fn$;
    end if;
    if to_regprocedure('auth.jwt()') is null then
        create function auth.jwt() returns jsonb
        language sql stable as $fn$
            select coalesce(
                nullif(current_setting('request.jwt.claim', true), ''),
                nullif(current_setting('request.jwt.claims', true), '')
            )::jsonb
        $fn$;
    end if;
end
$helpers$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
to anon, authenticated, service_role;
