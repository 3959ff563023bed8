-- What an anonymous visitor can reach: the three metadata RPCs and nothing else.
begin;
select plan(14);

select tests.clear_authentication();

select lives_ok($$ select * from public.list_countries() $$, 'anon may list countries');
select lives_ok($$ select * from public.list_zodiac_signs() $$, 'anon may list zodiac signs');
select lives_ok($$ select * from public.list_services() $$, 'anon may list services');

select throws_ok($$ select 1 from app.profiles $$, '42501', null, 'anon cannot read profiles');
select throws_ok($$ select 1 from app.orders $$, '42501', null, 'anon cannot read orders');
select throws_ok(
    $$ select 1 from app.media_assets $$, '42501', null, 'anon cannot read media rows'
);
select throws_ok(
    $$ select 1 from app.audit_log $$, '42501', null, 'anon cannot read the audit log'
);
select throws_ok(
    $$ select 1 from app.app_settings $$, '42501', null, 'anon cannot read settings'
);
select throws_ok($$ select 1 from app.roles $$, '42501', null, 'anon cannot read roles');
select throws_ok(
    $$ select app.zodiac_sign_for(current_date) $$,
    '42501', null, 'anon cannot call app helpers'
);
select throws_ok(
    $$ select 1 from auth.users $$, '42501', null, 'anon cannot read auth.users'
);
select throws_ok(
    $$ update app.services set is_active = true $$,
    '42501', null, 'anon cannot write services'
);
select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'public'::regnamespace
            and has_function_privilege(p.oid, 'execute')
        order by 1
    ),
    array['list_countries(text,text)', 'list_services(text)', 'list_zodiac_signs(text)'],
    'as anon, only the three metadata functions in public are executable'
);
-- The one exception: app.assert_language, the language rule's one home, which the three
-- metadata RPCs (invoker) call; a pure check that reads nothing.
select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace)
            and has_function_privilege(p.oid, 'execute')
    ),
    array['app.assert_language(text)'],
    'as anon, no function in app or private is executable but the pure language check'
);

select * from finish();
rollback;
