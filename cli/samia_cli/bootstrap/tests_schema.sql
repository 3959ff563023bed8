-- Test helpers, installed only into test databases (after pgTAP, in `extensions`). Identities in
-- pgTAP files come only from these functions: tests.create_user('alice', 'client'),
-- tests.authenticate_as('alice'), tests.authenticate_as_service_role(),
-- tests.clear_authentication(). Scenario builders make the rows tests start from the way the
-- platform makes them: tests.create_client_who_may_order('alice'),
-- tests.create_order_in_state('alice', 'in_progress', 'rita'),
-- tests.create_reader_available('rita', '10:00', '18:00', 'UTC'). tests.freeze_time(ts) and
-- tests.unfreeze_time() stop and restart the clock of every time-dependent rule (app.now()).
-- Re-runnable.
-- Errors: TSTRL (unknown role), TSTID (unknown test identifier), TSTPF (test client may not
-- order), TSTST (order status without a path), TSTRD (missing, needless or wrong reader), TSTTM
-- (null or infinite frozen time).

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

-- The JSON detail of the error a statement raises (null when it raises none, or no detail), for
-- asserting what a caller reads in `details`; pgTAP's throws_ok checks only code and message.
-- Invoker, so the statement runs as whoever the test is acting as; it is rolled back either way
-- when it raises.
create or replace function tests.error_detail(p_sql text) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_detail text;
begin
    execute p_sql;
    return null;
exception when others then
    get stacked diagnostics v_detail = pg_exception_detail;
    return nullif(v_detail, '')::jsonb;
end;
$$;

comment on function tests.error_detail(text) is
'The detail (as jsonb) of the error p_sql raises, or null.';
revoke execute on function tests.error_detail(text) from public;
grant execute on function tests.error_detail(text) to anon;
grant execute on function tests.error_detail(text) to authenticated;
grant execute on function tests.error_detail(text) to service_role;

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

-- Scenario builder: a client who may order, i.e. whose app.profile_missing_fields is empty:
-- first_name, last_name, date_of_birth (of age), country, time_zone, language (the column
-- default) and a verified phone. Definer: phone and phone_verified are columns only the platform
-- writes (app.mark_phone_verified in production). Runs with no JWT claims (the function's own
-- setting, undone on return), so the profile change is audited as the platform's and the
-- caller's role and claims are left as they were. Without p_phone the client gets the first free
-- number of +971500000001, +971500000002, ...; the profile is checked at the end (TSTPF).
create or replace function tests.create_client_who_may_order(
    p_identifier text,
    p_date_of_birth date default date '1990-05-05',
    p_time_zone text default 'Asia/Dubai',
    p_phone text default null
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
set "request.jwt.claims" = ''
as $$
declare
    v_id uuid := tests.create_user(p_identifier, 'client');
    v_phone text := p_phone;
    v_number integer := 0;
    v_missing text[];
begin
    while v_phone is null loop
        v_number := v_number + 1;
        v_phone := '+97150' || pg_catalog.lpad(v_number::text, 7, '0');
        if exists (select 1 from app.profiles as p where p.phone = v_phone) then
            v_phone := null;
        end if;
    end loop;
    update app.profiles as p
    set
        first_name = 'Test',
        last_name = 'Client',
        date_of_birth = p_date_of_birth,
        country_code = 'AE',
        time_zone = p_time_zone,
        phone = v_phone,
        phone_verified = true
    where p.id = v_id;
    v_missing := app.profile_missing_fields(v_id);
    if pg_catalog.cardinality(v_missing) > 0 then
        raise exception 'Test client % may not order', p_identifier
            using
                errcode = 'TSTPF',
                detail = pg_catalog.format(
                    'missing: %s', pg_catalog.array_to_string(v_missing, ', ')
                ),
                hint = 'Pass a birth date of age at app.now() and a time zone.';
    end if;
    return v_id;
end;
$$;

comment on function tests.create_client_who_may_order(text, date, text, text) is
'Creates the client <identifier> with a complete, of-age profile and a verified phone, so '
'that they may order (TSTPF if the given birth date or time zone leaves something missing).';
revoke execute on function tests.create_client_who_may_order(text, date, text, text) from public;
grant execute on function tests.create_client_who_may_order(text, date, text, text) to anon;
grant execute on function tests.create_client_who_may_order(text, date, text, text)
to authenticated;
grant execute on function tests.create_client_who_may_order(text, date, text, text)
to service_role;

-- Scenario builder: an order of p_client in p_status, reached the way the platform moves
-- orders: inserted as new, then updated one allowed transition at a time as the service side
-- (the orders_10 trigger checks each step against the `service` rows of app.order_transitions).
-- Paths: assigned (to p_reader), in_progress, awaiting_approval (result 'test reading' in
-- app.order_results, reader note 'internal note' in app.order_notes), then either rejected
-- (rejection reason 'test: try again', monitor comment 'internal comment') or approved and
-- delivered; cancelled goes from new, or
-- from assigned when a reader is given (cancel_reason 'test: cancelled'). The reader is never
-- created here: name one made with tests.create_user(..., 'reader') for every status past new
-- (TSTRD when missing, not a reader, or given for a new order). The client's profile is not
-- checked (the platform may insert for anyone); use tests.create_client_who_may_order when the
-- test also orders through the API. Definer, with no JWT claims (undone on return): the steps
-- are stamped and audited as the platform's and the caller's role and claims stay as they were.
create or replace function tests.create_order_in_state(
    p_client text,
    p_status app.order_status default 'new',
    p_reader text default null,
    p_question text default 'test: order',
    p_service_code text default 'tarot'
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
set "request.jwt.claims" = ''
as $$
declare
    v_path app.order_status[];
    v_reader uuid;
    v_order uuid;
    v_step app.order_status;
begin
    v_path := case p_status
        when 'new' then array[]::app.order_status[]
        when 'assigned' then array['assigned']::app.order_status[]
        when 'in_progress' then array['assigned', 'in_progress']::app.order_status[]
        when 'awaiting_approval' then
            array['assigned', 'in_progress', 'awaiting_approval']::app.order_status[]
        when 'rejected' then
            array['assigned', 'in_progress', 'awaiting_approval', 'rejected']::app.order_status[]
        when 'approved' then
            array['assigned', 'in_progress', 'awaiting_approval', 'approved']::app.order_status[]
        when 'delivered' then
            array[
                'assigned', 'in_progress', 'awaiting_approval', 'approved', 'delivered'
            ]::app.order_status[]
        when 'cancelled' then
            case
                when p_reader is null then array['cancelled']::app.order_status[]
                else array['assigned', 'cancelled']::app.order_status[]
            end
    end;
    if v_path is null then
        raise exception 'No path to order status %', coalesce(p_status::text, 'null')
            using
                errcode = 'TSTST',
                hint = 'Add the new status to tests.create_order_in_state.';
    end if;
    if p_reader is null and 'assigned' = any(v_path) then
        raise exception 'An order in status % needs a reader', p_status
            using errcode = 'TSTRD', hint = 'Pass p_reader.';
    end if;
    if p_reader is not null then
        if not 'assigned' = any(v_path) then
            raise exception 'An order in status % has no reader', p_status
                using errcode = 'TSTRD', hint = 'Leave p_reader out.';
        end if;
        v_reader := tests.get_user_id(p_reader);
        if not exists (
            select 1 from app.profiles as p where p.id = v_reader and p.role = 'reader'
        ) then
            raise exception 'Test user % is not a reader', p_reader
                using errcode = 'TSTRD', hint = 'Create it with tests.create_user(..., ''reader'').';
        end if;
    end if;

    insert into app.orders (client_id, service_code, question)
    values (tests.get_user_id(p_client), p_service_code, p_question)
    returning id into v_order;

    foreach v_step in array v_path loop
        -- the result and the notes are written before the step that needs them, as the RPCs do
        if v_step = 'awaiting_approval' then
            insert into app.order_results (order_id, output_text) values (v_order, 'test reading');
            insert into app.order_notes (order_id, reader_note) values (v_order, 'internal note');
        elsif v_step = 'rejected' then
            update app.order_notes as n
            set rejection_reason = 'test: try again', monitor_comment = 'internal comment'
            where n.order_id = v_order;
        end if;
        update app.orders as o
        set
            status = v_step,
            reader_id = case when v_step = 'assigned' then v_reader else o.reader_id end,
            cancel_reason
            = case when v_step = 'cancelled' then 'test: cancelled' else o.cancel_reason end
        where o.id = v_order;
    end loop;
    return v_order;
end;
$$;

comment on function tests.create_order_in_state(text, app.order_status, text, text, text) is
'Creates an order of the test client p_client and moves it, one allowed transition at a time, '
'to p_status (assigned to p_reader past new); TSTST for a status without a path, TSTRD for a '
'missing, needless or wrong reader.';
revoke execute on function tests.create_order_in_state(text, app.order_status, text, text, text)
from public;
grant execute on function tests.create_order_in_state(text, app.order_status, text, text, text)
to anon;
grant execute on function tests.create_order_in_state(text, app.order_status, text, text, text)
to authenticated;
grant execute on function tests.create_order_in_state(text, app.order_status, text, text, text)
to service_role;

-- Stops the platform's clock: app.now(), which every time-dependent rule reads, returns p_at
-- until tests.unfreeze_time() or the end of the transaction (pgTAP files roll back, so a freeze
-- never outlives its test). It replaces app.now()'s body with the constant and keeps its
-- signature, volatility, security, search_path, owner and grants. Definer, owned by postgres
-- like app.now(), so a test may freeze or move the clock after tests.authenticate_as; the
-- caller's role and claims are untouched. pg_catalog.now() (row stamps) keeps running.
create or replace function tests.freeze_time(p_at timestamptz) returns void
language plpgsql
volatile
security definer
set search_path = ''
set timezone = 'UTC'
set datestyle = 'ISO, YMD'
as $body$
begin
    if p_at is null or not pg_catalog.isfinite(p_at) then
        raise exception 'Cannot freeze the clock at %', coalesce(p_at::text, 'null')
            using errcode = 'TSTTM', hint = 'Pass a finite timestamptz.';
    end if;
    -- keep the running clock's own definition (once per transaction) for tests.unfreeze_time,
    -- so sql/app/now.sql stays the only place that writes it
    if coalesce(pg_catalog.current_setting('tests.running_clock', true), '') = '' then
        perform pg_catalog.set_config(
            'tests.running_clock', pg_catalog.pg_get_functiondef('app.now()'::regprocedure), true
        );
    end if;
    execute pg_catalog.format(
        $sql$
create or replace function app.now() returns timestamptz
language sql
volatile
security invoker
set search_path = ''
as $$
    select %L::timestamptz
$$
        $sql$,
        p_at::text
    );
end;
$body$;

comment on function tests.freeze_time(timestamptz) is
'Makes app.now() return p_at for the rest of the transaction or until tests.unfreeze_time() '
'(TSTTM for null or infinity).';
revoke execute on function tests.freeze_time(timestamptz) from public;
grant execute on function tests.freeze_time(timestamptz) to anon;
grant execute on function tests.freeze_time(timestamptz) to authenticated;
grant execute on function tests.freeze_time(timestamptz) to service_role;

-- Restarts the clock: puts back the definition of app.now() that tests.freeze_time found
-- (the one of sql/app/now.sql). Nothing to do when the clock runs. Definer for the same reason
-- as tests.freeze_time.
create or replace function tests.unfreeze_time() returns void
language plpgsql
volatile
security definer
set search_path = ''
as $body$
declare
    v_running text := coalesce(pg_catalog.current_setting('tests.running_clock', true), '');
begin
    if v_running <> '' then
        execute v_running;
        perform pg_catalog.set_config('tests.running_clock', '', true);
    end if;
end;
$body$;

comment on function tests.unfreeze_time() is
'Gives app.now() back the running clock tests.freeze_time replaced.';
revoke execute on function tests.unfreeze_time() from public;
grant execute on function tests.unfreeze_time() to anon;
grant execute on function tests.unfreeze_time() to authenticated;
grant execute on function tests.unfreeze_time() to service_role;

-- A natal chart as the create_astro_order function stores it (1990-05-01 14:30 in Riyadh,
-- rounded to 0.01 degree); with p_time_known false, the same chart cast without the time: no
-- angles, houses or house numbers, the Moon approximate. Its sun sign is Taurus (40.84), the
-- ascendant Virgo (169.43); one planet in fire, five in earth, none in air, four in water.
create or replace function tests.sample_astro_chart(p_time_known boolean default true)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $body$
declare
    v_chart jsonb := $json${"method":{"zodiac":"tropical","frame":"apparent geocentric ecliptic of date","ephemeris":"ephem 4.2.1","node":"mean","houses":"whole_sign","orbs":{"conjunction":8.0,"sextile":5.0,"square":7.0,"trine":7.0,"opposition":8.0}},
"time_known":true,
"bodies":[{"body":"sun","longitude":40.84,"latitude":0.0,"speed":0.97,"retrograde":false,"approximate":false,"house":9},
{"body":"moon","longitude":126.34,"latitude":0.5,"speed":13.11,"retrograde":false,"approximate":false,"house":12},
{"body":"mercury","longitude":44.81,"latitude":1.17,"speed":-0.6,"retrograde":true,"approximate":false,"house":9},
{"body":"venus","longitude":357.01,"latitude":-1.2,"speed":1.11,"retrograde":false,"approximate":false,"house":7},
{"body":"mars","longitude":337.89,"latitude":-1.57,"speed":0.75,"retrograde":false,"approximate":false,"house":7},
{"body":"jupiter","longitude":97.02,"latitude":0.12,"speed":0.17,"retrograde":false,"approximate":false,"house":11},
{"body":"saturn","longitude":295.33,"latitude":0.17,"speed":0.0,"retrograde":false,"approximate":false,"house":5},
{"body":"uranus","longitude":279.46,"latitude":-0.31,"speed":-0.01,"retrograde":true,"approximate":false,"house":5},
{"body":"neptune","longitude":284.51,"latitude":0.87,"speed":-0.01,"retrograde":true,"approximate":false,"house":5},
{"body":"pluto","longitude":226.56,"latitude":16.0,"speed":-0.03,"retrograde":true,"approximate":false,"house":3},
{"body":"north_node","longitude":312.08,"latitude":0.0,"speed":-0.05,"retrograde":true,"approximate":false,"house":6}],
"aspects":[{"first":"mercury","second":"neptune","aspect":"trine","angle":120.0,"orb":0.3,"max_orb":7.0,"strength":0.96},
{"first":"mars","second":"jupiter","aspect":"trine","angle":120.0,"orb":0.87,"max_orb":7.0,"strength":0.88},
{"first":"sun","second":"uranus","aspect":"trine","angle":120.0,"orb":1.38,"max_orb":7.0,"strength":0.8},
{"first":"mercury","second":"pluto","aspect":"opposition","angle":180.0,"orb":1.75,"max_orb":8.0,"strength":0.78},
{"first":"jupiter","second":"uranus","aspect":"opposition","angle":180.0,"orb":2.44,"max_orb":8.0,"strength":0.7},
{"first":"mars","second":"uranus","aspect":"sextile","angle":60.0,"orb":1.57,"max_orb":5.0,"strength":0.69},
{"first":"sun","second":"moon","aspect":"square","angle":90.0,"orb":4.49,"max_orb":7.0,"strength":0.36}],
"angles":{"ascendant":{"longitude":169.43,"house":1},"midheaven":{"longitude":79.29,"house":10}},
"houses":[{"house":1,"cusp":150.0},{"house":2,"cusp":180.0},{"house":3,"cusp":210.0},{"house":4,"cusp":240.0},{"house":5,"cusp":270.0},{"house":6,"cusp":300.0},{"house":7,"cusp":330.0},{"house":8,"cusp":0.0},{"house":9,"cusp":30.0},{"house":10,"cusp":60.0},{"house":11,"cusp":90.0},{"house":12,"cusp":120.0}]}$json$;
begin
    if p_time_known then
        return v_chart;
    end if;
    return (v_chart - 'angles' - 'houses')
        || pg_catalog.jsonb_build_object(
            'time_known', false,
            'method', (v_chart -> 'method') || '{"houses": null}'::jsonb,
            'bodies', (
                select pg_catalog.jsonb_agg(
                    (b.value - 'house')
                    || pg_catalog.jsonb_build_object('approximate', b.value ->> 'body' = 'moon')
                    order by b.n
                )
                from pg_catalog.jsonb_array_elements(v_chart -> 'bodies') with ordinality as b (value, n)
            )
        );
end;
$body$;

comment on function tests.sample_astro_chart(boolean) is
'A stored natal chart for tests (time known or not), as the create_astro_order function makes.';
revoke execute on function tests.sample_astro_chart(boolean) from public;
grant execute on function tests.sample_astro_chart(boolean) to anon, authenticated, service_role;

-- Makes an order an astro order with the sample chart (tests.sample_astro_chart), as the platform:
-- definer with no JWT claims (undone on return), so it works for an order in any state, e.g.
-- one tests.create_order_in_state(..., p_service_code => 'astro') made.
create or replace function tests.attach_astro_chart(
    p_order_id uuid,
    p_time_known boolean default true
) returns void
language sql
volatile
security definer
set search_path = ''
set "request.jwt.claims" = ''
as $body$
    insert into app.order_astro (
        order_id, birth_date, birth_time, latitude, longitude, place_label, time_zone, chart
    )
    values (
        p_order_id, date '1990-05-01', case when p_time_known then time '14:30' end,
        24.68773, 46.72185, 'Riyadh', 'Asia/Riyadh', tests.sample_astro_chart(p_time_known)
    );
$body$;

comment on function tests.attach_astro_chart(uuid, boolean) is
'Stores the sample natal chart on an order, as the platform.';
revoke execute on function tests.attach_astro_chart(uuid, boolean) from public;
grant execute on function tests.attach_astro_chart(uuid, boolean) to anon, authenticated, service_role;

-- An astro order as the create_astro_order function makes it: app.begin_astro_order as the
-- current user, then app.attach_astro_chart as service_role with the same sub (as
-- db.elevated_to_service does), then back to the user. Invoker, so the user's own rights decide
-- the first step; returns the order with its chart, as the function answers.
create or replace function tests.create_astro_order(
    p_birth_date date,
    p_birth_time time,
    p_latitude double precision,
    p_longitude double precision,
    p_place_label text,
    p_time_zone text,
    p_chart jsonb,
    p_question text default null
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $body$
declare
    v_role text := pg_catalog.current_setting('role');
    v_claims text := pg_catalog.current_setting('request.jwt.claims', true);
    v_order jsonb;
    v_astro jsonb;
begin
    v_order := app.begin_astro_order(p_question);
    perform pg_catalog.set_config('role', 'service_role', true);
    perform pg_catalog.set_config(
        'request.jwt.claims',
        pg_catalog.jsonb_build_object('role', 'service_role', 'sub', auth.uid())::text,
        true
    );
    v_astro := app.attach_astro_chart(
        (v_order ->> 'id')::uuid, p_birth_date, p_birth_time, p_latitude, p_longitude,
        p_place_label, p_time_zone, p_chart
    );
    perform pg_catalog.set_config('role', v_role, true);
    perform pg_catalog.set_config('request.jwt.claims', v_claims, true);
    return v_order || pg_catalog.jsonb_build_object('astro', v_astro);
end;
$body$;

comment on function tests.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) is 'Both steps of an astro order, as the create_astro_order function runs them.';
revoke execute on function tests.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) from public;
grant execute on function tests.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
) to anon, authenticated, service_role;

-- Scenario builder: a reader who takes calls every day from p_starts_at to p_ends_at in
-- p_time_zone (weekly windows for all seven weekdays), as the platform: definer with no JWT
-- claims (undone on return). Returns the reader's id; the identifier must be new.
create or replace function tests.create_reader_available(
    p_identifier text,
    p_starts_at time default time '10:00',
    p_ends_at time default time '18:00',
    p_time_zone text default 'UTC'
) returns uuid
language sql
volatile
security definer
set search_path = ''
set "request.jwt.claims" = ''
as $body$
    with reader as (
        select tests.create_user(p_identifier, 'reader') as id
    ),

    windows as (
        insert into app.reader_availability (reader_id, weekday, starts_at, ends_at, time_zone)
        select r.id, d.weekday, p_starts_at, p_ends_at, p_time_zone
        from reader as r
        cross join pg_catalog.generate_series(1, 7) as d (weekday)
        returning reader_id
    )

    select pg_catalog.min(w.reader_id::text)::uuid from windows as w
$body$;

comment on function tests.create_reader_available(text, time, time, text) is
'Creates the reader <identifier> with call windows every day, p_starts_at to p_ends_at local.';
revoke execute on function tests.create_reader_available(text, time, time, text) from public;
grant execute on function tests.create_reader_available(text, time, time, text)
to anon, authenticated, service_role;

-- tests.create_booked_call('alice', 'rita', starts_at, minutes): an assigned order of the
-- call service for the client and reader with its booking, made as the platform (no booking
-- rules checked: see book_call for those), both parties given a verified phone when they have
-- none. Returns the order id. Definer, with no JWT claims (undone on return).
create or replace function tests.create_booked_call(
    p_client text,
    p_reader text,
    p_starts_at timestamptz,
    p_minutes integer default 30
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
set "request.jwt.claims" = ''
as $$
declare
    v_order uuid;
    v_service text;
begin
    select s.code into v_service from app.services as s where s.is_call order by s.code limit 1;
    v_order := tests.create_order_in_state(
        p_client, 'assigned', p_reader, 'test: call', v_service
    );
    insert into app.call_bookings (order_id, reader_id, client_id, starts_at, minutes, ends_at)
    values (
        v_order, tests.get_user_id(p_reader), tests.get_user_id(p_client), p_starts_at,
        p_minutes, p_starts_at + pg_catalog.make_interval(mins => p_minutes)
    );
    perform tests.give_verified_phone(p_client);
    perform tests.give_verified_phone(p_reader);
    return v_order;
end;
$$;

-- tests.give_verified_phone('mona'): a verified phone, unique to the user, unless they have one.
create or replace function tests.give_verified_phone(p_identifier text) returns text
language sql
volatile
security definer
set search_path = ''
as $$
    update app.profiles as p
    set
        phone = coalesce(
            p.phone, '+9715' || pg_catalog.lpad((pg_catalog.abs(pg_catalog.hashtext(p.id::text))
                % 100000000)::text, 8, '0')
        ),
        phone_verified = true
    where p.id = tests.get_user_id(p_identifier)
    returning p.phone
$$;
