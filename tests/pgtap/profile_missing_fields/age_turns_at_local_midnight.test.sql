-- The age rule at frozen instants: a client is of age from midnight of their birthday in their
-- own time zone, whatever the date is in UTC; the day before they are flagged "age".
begin;
select plan(8);

update app.app_settings set value = '18'::jsonb where key = 'profiles.minimum_age';

-- dana (Dubai, UTC+4) and lena (Los Angeles, UTC-7 in June) both turn 18 on 15 June 2026
select tests.freeze_time('2026-06-16 12:00:00+00');
select tests.create_client_who_may_order('dana', date '2008-06-15', 'Asia/Dubai');
select tests.create_client_who_may_order('lena', date '2008-06-15', 'America/Los_Angeles');

select tests.freeze_time('2026-06-14 12:00:00+04');
select is(
    app.profile_missing_fields(tests.get_user_id('dana')), array['age'],
    'the day before the 18th birthday the client is under age'
);
select tests.freeze_time('2026-06-14 23:59:59.999999+04');
select is(
    app.profile_missing_fields(tests.get_user_id('dana')), array['age'],
    'a moment before midnight in their own time zone too'
);
select tests.freeze_time('2026-06-15 00:00:00+04');
select is(
    app.profile_missing_fields(tests.get_user_id('dana')), '{}'::text[],
    'from midnight of the birthday in Dubai the client is of age, though it is the 14th in UTC'
);

select tests.freeze_time('2026-06-15 06:59:59+00');
select is(
    app.profile_missing_fields(tests.get_user_id('lena')), array['age'],
    'on the 15th in UTC a client in Los Angeles is still under age (23:59:59 on the 14th there)'
);
select tests.freeze_time('2026-06-15 07:00:00+00');
select is(
    app.profile_missing_fields(tests.get_user_id('lena')), '{}'::text[],
    'from midnight in Los Angeles they are of age'
);

select tests.authenticate_as('dana');
select tests.freeze_time('2026-06-14 23:59:59+04');
select results_eq(
    $$ select r.complete, r.missing from public.profile_requirements() as r $$,
    $$ values (false, array['age']) $$,
    'the client sees the age rule at the frozen instant'
);
select throws_ok(
    $$ select public.create_order('tarot', 'test: the night before') $$,
    'ORDPF', null, 'and cannot order yet'
);
select tests.freeze_time('2026-06-15 00:00:00+04');
select lives_ok(
    $$ select public.create_order('tarot', 'test: on the birthday') $$,
    'a minute later, on their birthday, they order'
);

select * from finish();
rollback;
