-- Supabase Auth (GoTrue) tables for the local Auth service at /auth/v1 (local stack and test
-- databases only). Adds what supabase_compat.sql leaves out of Supabase's auth schema: the
-- identities, sessions, refresh tokens and sign-in methods, with GoTrue's own columns and
-- names, and the role `supabase_auth_admin` the service connects as. Every object is created
-- only when missing, and nothing that needs ownership of a table runs unless it was created
-- here, so running this against a real Supabase project (where supabase_auth_admin owns all
-- of this) changes nothing there.

do $roles$
begin
    if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
        -- local password only; a Supabase project manages its own. bypassrls stands in for the
        -- table ownership it has on Supabase: the auth tables have RLS on and no policies.
        create role supabase_auth_admin login noinherit bypassrls password 'postgres';
        alter role supabase_auth_admin set statement_timeout = '8s';
    end if;
    if not exists (
        select 1 from pg_type
        where typname = 'aal_level' and typnamespace = 'auth'::regnamespace
    ) then
        create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
    end if;
end
$roles$;

create table if not exists auth.identities (
    provider_id text not null,
    user_id uuid not null references auth.users (id) on delete cascade,
    identity_data jsonb not null,
    provider text not null,
    last_sign_in_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    email text generated always as (lower(identity_data ->> 'email')) stored,
    id uuid not null default gen_random_uuid() primary key,
    constraint identities_provider_id_provider_unique unique (provider_id, provider)
);

create table if not exists auth.sessions (
    id uuid not null primary key,
    user_id uuid not null references auth.users (id) on delete cascade,
    created_at timestamptz,
    updated_at timestamptz,
    factor_id uuid,
    aal auth.aal_level,
    not_after timestamptz,
    refreshed_at timestamp,
    user_agent text,
    ip inet,
    tag text,
    -- GoTrue's OAuth-server and v2 refresh-token columns; unused here, kept so the rows match
    -- (no foreign key: the OAuth clients table is not recreated locally)
    oauth_client_id uuid,
    refresh_token_hmac_key text,
    refresh_token_counter bigint,
    scopes text constraint sessions_scopes_length check (char_length(scopes) <= 4096)
);

create table if not exists auth.refresh_tokens (
    instance_id uuid,
    id bigserial primary key,
    token varchar(255) unique,
    user_id varchar(255),
    revoked boolean,
    created_at timestamptz,
    updated_at timestamptz,
    parent varchar(255),
    session_id uuid references auth.sessions (id) on delete cascade
);

create table if not exists auth.mfa_amr_claims (
    session_id uuid not null references auth.sessions (id) on delete cascade,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    authentication_method text not null,
    id uuid not null primary key,
    constraint mfa_amr_claims_session_id_authentication_method_pkey
    unique (session_id, authentication_method)
);

-- Indexes GoTrue's lookups use, and RLS on (no policies: only the Auth service reads these).
-- Both need ownership of the table, so they run only where this bootstrap owns auth.users.
do $owned$
begin
    if (select pg_get_userbyid(relowner) from pg_class where oid = 'auth.users'::regclass)
        = 'supabase_auth_admin' then
        return;  -- a Supabase project: its Auth service made and maintains all of this
    end if;
    create index if not exists users_instance_id_idx on auth.users (instance_id);
    create index if not exists users_instance_id_email_idx
    on auth.users (instance_id, lower(email::text));
    create index if not exists identities_user_id_idx on auth.identities (user_id);
    create index if not exists identities_email_idx on auth.identities (email text_pattern_ops);
    create index if not exists sessions_user_id_idx on auth.sessions (user_id);
    create index if not exists user_id_created_at_idx on auth.sessions (user_id, created_at);
    create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);
    create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);
    create index if not exists refresh_tokens_session_id_revoked_idx
    on auth.refresh_tokens (session_id, revoked);
    create index if not exists refresh_tokens_updated_at_idx
    on auth.refresh_tokens (updated_at desc);
    create index if not exists refresh_tokens_instance_id_user_id_idx
    on auth.refresh_tokens (instance_id, user_id);
    alter table auth.identities enable row level security;
    alter table auth.sessions enable row level security;
    alter table auth.refresh_tokens enable row level security;
    alter table auth.mfa_amr_claims enable row level security;
    -- exactly what the local Auth service does. Identities, tokens and sign-in methods are
    -- deleted only by cascade from a user or session, which runs as the table owner.
    grant usage on schema auth to supabase_auth_admin;
    grant select, insert, update, delete on auth.users to supabase_auth_admin;
    grant select, insert, update on auth.identities to supabase_auth_admin;
    grant select, insert, update, delete on auth.sessions to supabase_auth_admin;
    grant select, insert, update, delete on auth.refresh_tokens to supabase_auth_admin;
    grant select, insert on auth.mfa_amr_claims to supabase_auth_admin;
    grant usage on sequence auth.refresh_tokens_id_seq to supabase_auth_admin;
end
$owned$;
