-- What an anonymous visitor can reach: the three metadata RPCs and today's approved horoscope
-- (with its audio's media row), nothing else.
begin;
select plan(14);

select tests.clear_authentication();

select lives_ok($$ select * from public.list_countries() $$, 'anon may list countries');
select lives_ok($$ select * from public.list_zodiac_signs() $$, 'anon may list zodiac signs');
select lives_ok($$ select * from public.list_services() $$, 'anon may list services');

select throws_ok($$ select 1 from app.profiles $$, '42501', null, 'anon cannot read profiles');
select throws_ok($$ select 1 from app.orders $$, '42501', null, 'anon cannot read orders');
select is_empty(
    $$ select 1 from app.media_assets $$, 'anon reads no media rows but today''s horoscope audio'
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
    array[
        'get_daily_horoscope(text,date)', 'list_countries(text,text)', 'list_services(text)',
        'list_zodiac_signs(text)'
    ],
    'as anon, only the three metadata functions and the daily horoscope are executable'
);
-- The exceptions: app.assert_language, the language rule's one home, which the three
-- metadata RPCs (invoker) call, a pure check that reads nothing; and what the invoker
-- get_daily_horoscope and the horoscopes policy run (the sign check, the JSON, today's date).
select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace)
            and has_function_privilege(p.oid, 'execute')
        order by 1
    ),
    array[
        'app.assert_language(text)', 'app.assert_zodiac_sign(text)',
        'app.horoscope_json(app.horoscopes)', 'app.horoscope_today()'
    ],
    'as anon, no function in app or private is executable but the checks and the daily read'
);

select * from finish();
rollback;
