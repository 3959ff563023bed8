-- Test helpers, installed only into test databases (after pgTAP, in `extensions`). Identities in
-- pgTAP files come only from these functions: tests.create_user('alice', 'client'),
-- tests.authenticate_as('alice'), tests.authenticate_as_service_role(),
-- tests.clear_authentication(). Re-runnable.
-- Errors: TSTRL (unknown role), TSTID (unknown test identifier).

create schema if not exists tests;

grant usage on schema tests to anon;
grant usage on schema tests to authenticated;
grant usage on schema tests to service_role;

-- Definer: inserts into auth.users, which the API roles cannot touch; tests may call it after
-- switching roles. The auth sync trigger creates the profile with the role from app_metadata.
create or replace function tests.create_user(
    p_identifier text,
    p_role text default 'client'
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_id uuid := gen_random_uuid();
begin
    if p_role is null or p_role not in ('client', 'reader', 'monitor', 'admin', 'superadmin') then
        raise exception 'Unknown role %', coalesce(p_role, 'null')
            using
                errcode = 'TSTRL',
                hint = 'Use client, reader, monitor, admin or superadmin.';
    end if;
    insert into auth.users (
        instance_id, id, aud, role, email, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at
    )
    values (
        '00000000-0000-0000-0000-000000000000', v_id, 'authenticated', 'authenticated',
        p_identifier || '@test.local', pg_catalog.now(),
        pg_catalog.jsonb_build_object(
            'provider', 'email', 'role', p_role, 'test_identifier', p_identifier
        ),
        '{}'::jsonb, pg_catalog.now(), pg_catalog.now()
    );
    return v_id;
end;
$$;

comment on function tests.create_user(text, text) is
'Creates an auth user <identifier>@test.local whose profile gets p_role (TSTRL if unknown).';
revoke execute on function tests.create_user(text, text) from public;
grant execute on function tests.create_user(text, text) to anon;
grant execute on function tests.create_user(text, text) to authenticated;
grant execute on function tests.create_user(text, text) to service_role;

-- Definer: reads auth.users whatever role the test has switched to.
create or replace function tests.get_user_id(p_identifier text) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    v_id uuid;
begin
    select u.id into v_id
    from auth.users as u
    where u.raw_app_meta_data ->> 'test_identifier' = p_identifier;
    if v_id is null then
        raise exception 'No test user %', p_identifier
            using
                errcode = 'TSTID',
                hint = 'Create it first with tests.create_user().';
    end if;
    return v_id;
end;
$$;

comment on function tests.get_user_id(text) is
'The auth.users id of a user made by tests.create_user (TSTID if unknown).';
revoke execute on function tests.get_user_id(text) from public;
grant execute on function tests.get_user_id(text) to anon;
grant execute on function tests.get_user_id(text) to authenticated;
grant execute on function tests.get_user_id(text) to service_role;

-- Invoker on purpose: the role cannot be switched inside a security definer function.
create or replace function tests.authenticate_as(p_identifier text) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_id uuid := tests.get_user_id(p_identifier);
begin
    perform pg_catalog.set_config('role', 'authenticated', true);
    perform pg_catalog.set_config(
        'request.jwt.claims',
        pg_catalog.jsonb_build_object(
            'sub', v_id,
            'email', p_identifier || '@test.local',
            'role', 'authenticated',
            'aud', 'authenticated',
            'exp', pg_catalog.floor(extract(epoch from pg_catalog.now()))::bigint + 3600
        )::text,
        true
    );
end;
$$;

comment on function tests.authenticate_as(text) is
'Acts as the given test user for the rest of the transaction (role authenticated + claims).';
revoke execute on function tests.authenticate_as(text) from public;
grant execute on function tests.authenticate_as(text) to anon;
grant execute on function tests.authenticate_as(text) to authenticated;
grant execute on function tests.authenticate_as(text) to service_role;

create or replace function tests.authenticate_as_service_role() returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('role', 'service_role', true);
    perform pg_catalog.set_config('request.jwt.claims', '{"role": "service_role"}', true);
end;
$$;

comment on function tests.authenticate_as_service_role() is
'Acts as the service role for the rest of the transaction.';
revoke execute on function tests.authenticate_as_service_role() from public;
grant execute on function tests.authenticate_as_service_role() to anon;
grant execute on function tests.authenticate_as_service_role() to authenticated;
grant execute on function tests.authenticate_as_service_role() to service_role;

create or replace function tests.clear_authentication() returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('role', 'anon', true);
    perform pg_catalog.set_config('request.jwt.claims', '{"role": "anon"}', true);
end;
$$;

comment on function tests.clear_authentication() is
'Acts as an anonymous visitor (role anon, no user) for the rest of the transaction.';
revoke execute on function tests.clear_authentication() from public;
grant execute on function tests.clear_authentication() to anon;
grant execute on function tests.clear_authentication() to authenticated;
grant execute on function tests.clear_authentication() to service_role;

-- pgTAP's own functions resolve their helpers through the search path, so this one keeps
-- `extensions` on it instead of an empty path. PL/pgSQL, so that the file also installs into
-- databases without pgTAP (pytest's); calling it there fails, as it should.
create or replace function tests.rls_enabled(p_schema text) returns text
language plpgsql
volatile
security invoker
set search_path = extensions, pg_temp
as $$
declare
    v_missing text;
    v_result text;
begin
    select pg_catalog.string_agg(c.relname::text, ', ' order by c.relname)
    into v_missing
    from pg_catalog.pg_class as c
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    where
        n.nspname = p_schema
        and c.relkind in ('r', 'p')
        and not c.relrowsecurity;
    v_result := extensions.ok(
        v_missing is null,
        pg_catalog.format('every table in schema %s has row level security enabled', p_schema)
    );
    if v_missing is not null then
        v_result := v_result || E'\n'
        || extensions.diag('tables without row level security: ' || v_missing);
    end if;
    return v_result;
end;
$$;

comment on function tests.rls_enabled(text) is
'pgTAP assertion: every table of p_schema has row level security enabled.';
revoke execute on function tests.rls_enabled(text) from public;
grant execute on function tests.rls_enabled(text) to anon;
grant execute on function tests.rls_enabled(text) to authenticated;
grant execute on function tests.rls_enabled(text) to service_role;

-- Scenario builder: the twelve zodiac signs, for tests that need them before the seed exists.
-- Rows already present (from the seed) are kept as they are.
create or replace function tests.seed_zodiac_signs() returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    insert into app.zodiac_signs (
        code, name_en, name_ar, start_month, start_day, end_month, end_day, element, sort_order
    )
    values
    ('aries', 'Aries', 'الحمل', 3, 21, 4, 19, 'fire', 1),
    ('taurus', 'Taurus', 'الثور', 4, 20, 5, 20, 'earth', 2),
    ('gemini', 'Gemini', 'الجوزاء', 5, 21, 6, 20, 'air', 3),
    ('cancer', 'Cancer', 'السرطان', 6, 21, 7, 22, 'water', 4),
    ('leo', 'Leo', 'الأسد', 7, 23, 8, 22, 'fire', 5),
    ('virgo', 'Virgo', 'العذراء', 8, 23, 9, 22, 'earth', 6),
    ('libra', 'Libra', 'الميزان', 9, 23, 10, 22, 'air', 7),
    ('scorpio', 'Scorpio', 'العقرب', 10, 23, 11, 21, 'water', 8),
    ('sagittarius', 'Sagittarius', 'القوس', 11, 22, 12, 21, 'fire', 9),
    ('capricorn', 'Capricorn', 'الجدي', 12, 22, 1, 19, 'earth', 10),
    ('aquarius', 'Aquarius', 'الدلو', 1, 20, 2, 18, 'air', 11),
    ('pisces', 'Pisces', 'الحوت', 2, 19, 3, 20, 'water', 12)
    on conflict do nothing
$$;

comment on function tests.seed_zodiac_signs() is
'Inserts the twelve zodiac signs when missing (call as postgres, before switching roles).';
revoke execute on function tests.seed_zodiac_signs() from public;
