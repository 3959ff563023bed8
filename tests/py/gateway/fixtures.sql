-- Test-only objects for the gateway tests: one function per PostgREST behaviour under test.
-- Applied as superuser to a throwaway cluster after the Supabase bootstrap; never shipped.

create table public.gw_items (
    id integer generated always as identity primary key,
    name text not null unique
);
grant select, insert on public.gw_items to anon, authenticated, service_role;

create function public.gw_void() returns void
language sql volatile as $$ select $$;

create function public.gw_add(a integer, b integer) returns integer
language sql immutable as $$ select a + b $$;

create function public.gw_defaults(a integer, b integer default 10) returns integer
language sql immutable as $$ select a + b $$;

create function public.gw_variadic(variadic v integer[]) returns integer
language sql immutable as $$ select sum(x)::integer from unnest(v) as x $$;

create function public.gw_null() returns text
language sql immutable as $$ select null::text $$;

create function public.gw_char(c character) returns text
language sql immutable as $$ select c::text $$;

create function public.gw_json_arg(jsonb) returns jsonb
language sql immutable as $$ select $1 $$;

create function public.gw_text_arg(text) returns text
language sql immutable as $$ select 'got ' || $1 $$;

create function public.gw_series(n integer) returns table (i integer, label text)
language sql immutable as $$ select g, 'n' || g from generate_series(1, n) as g $$;

create function public.gw_numbers(n integer) returns setof integer
language sql immutable as $$ select generate_series(1, n) $$;

create function public.gw_one_item() returns public.gw_items
language sql stable as $$ select 0 as id, 'none'::text as name $$;

create function public.gw_out(a integer, out doubled integer, out label text)
language sql immutable as $$ select a * 2, 'x' || a $$;

create function public.gw_overload(a integer) returns text
language sql immutable as $$ select 'int' $$;

create function public.gw_overload(a text) returns text
language sql immutable as $$ select 'text' $$;

create function public.gw_pt403() returns void
language plpgsql volatile as $$
begin
    raise sqlstate 'PT403' using message = 'Forbidden here';
end
$$;

create function public.gw_refuse() returns void
language plpgsql volatile as $$
begin
    raise exception 'I refuse!' using detail = 'Because it is a test', hint = 'Try another day';
end
$$;

create function public.gw_pgrst_raise() returns void
language plpgsql volatile as $$
begin
    raise sqlstate 'PGRST' using
        message = '{"code":"123","message":"Payment Required","details":"Quota exceeded",'
        '"hint":"Upgrade your plan"}',
        detail = '{"status":402,"headers":{"X-Powered-By":"Nerd Rage"}}';
end
$$;

create function public.gw_insert_item(p_name text) returns integer
language sql volatile as $$ insert into public.gw_items (name) values (p_name) returning id $$;

create function public.gw_insert_two(p_prefix text) returns setof public.gw_items
language sql volatile as $$
    insert into public.gw_items (name) values (p_prefix || '1'), (p_prefix || '2') returning *
$$;

create function public.gw_insert_then_fail(p_name text) returns void
language plpgsql volatile as $$
begin
    insert into public.gw_items (name) values (p_name);
    raise exception 'failed after insert';
end
$$;

create function public.gw_count_items(p_prefix text) returns integer
language sql stable as $$ select count(*)::integer from public.gw_items where name like p_prefix || '%' $$;

create function public.gw_tx_mode() returns text
language sql volatile as $$ select current_setting('transaction_read_only') $$;

create function public.gw_isolation() returns text
language sql stable
set default_transaction_isolation to 'repeatable read'
as $$ select current_setting('transaction_isolation') $$;

create function public.gw_whoami() returns json
language sql stable as $$
    select json_build_object(
        'uid', auth.uid(),
        'role', current_user,
        'auth_role', auth.role(),
        'claims', nullif(current_setting('request.jwt.claims', true), '')::json,
        'method', current_setting('request.method', true),
        'path', current_setting('request.path', true),
        'headers', nullif(current_setting('request.headers', true), '')::json,
        'cookies', nullif(current_setting('request.cookies', true), '')::json,
        'search_path', current_setting('search_path'),
        'statement_timeout', current_setting('statement_timeout'),
        'read_only', current_setting('transaction_read_only'),
        'isolation', current_setting('transaction_isolation')
    )
$$;

-- the legacy per-claim GUC, as Supabase's own pgTAP idiom sets it
create function public.gw_legacy_uid(p_sub uuid) returns uuid
language plpgsql volatile as $$
begin
    perform set_config('request.jwt.claim.sub', p_sub::text, true);
    return auth.uid();
end
$$;

create function public.gw_status_override() returns json
language plpgsql volatile as $$
begin
    perform set_config('response.status', '201', true);
    perform set_config('response.headers',
                       '[{"X-Test":"yes"},{"Cache-Control":"no-store"}]', true);
    return '{"created":true}'::json;
end
$$;

create function public.gw_members_only() returns text
language sql stable as $$ select 'welcome' $$;

create function public.gw_service_only() returns text
language sql stable as $$ select 'service' $$;

revoke execute on function public.gw_members_only() from public, anon, authenticated, service_role;
grant execute on function public.gw_members_only() to authenticated;
revoke execute on function public.gw_service_only() from public, anon, authenticated, service_role;
grant execute on function public.gw_service_only() to service_role;

-- not callable over HTTP: an unnamed integer argument
create function public.gw_hidden(integer) returns integer
language sql immutable as $$ select $1 $$;

create schema gw_other;
grant usage on schema gw_other to anon, authenticated, service_role;
create function gw_other.gw_where() returns text
language sql stable as $$ select 'other:' || current_setting('search_path') $$;
grant execute on function gw_other.gw_where() to anon, authenticated, service_role;

-- rows of every kind the read options work on: arrays, jsonb, ranges, text to search, nulls
create function public.gw_things() returns table (
    id integer, name text, tags text[], score integer, data jsonb, span int4range, body text,
    note text
)
language sql stable as $$
    values
        (1, 'alpha', array['red', 'blue'], 10, '{"k": "a", "n": 1, "arr": [1, 2]}'::jsonb,
         int4range(1, 5), 'the quick brown fox', null::text),
        (2, 'beta', array['blue'], 20, '{"k": "b", "n": 2}', int4range(5, 10),
         'jumps over the lazy dog', 'x'),
        (3, 'gamma, "q"', array[]::text[], null, '{"k": "c"}', int4range(10, 20),
         'fat cats eat rats', 'y'),
        (4, 'Delta', array['green', 'red'], 40, null, null, 'the dog barks', null)
$$;

create function public.gw_time_zone() returns text
language sql stable as $$ select current_setting('timezone') $$;

create function public.gw_text_named(p_text text) returns text
language sql immutable as $$ select p_text $$;
