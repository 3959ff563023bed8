-- set_my_availability and set_my_availability_exceptions: a reader replaces their weekly
-- windows and dated exceptions in one time zone; time off removes hours, an extra window adds
-- them, time off wins; windows that touch across midnight join. Bad input answers BADTZ or
-- CLWIN and changes nothing.
begin;
select plan(20);

select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-04-01 08:00Z');

select tests.authenticate_as('rita');
select public.set_my_availability('[{"weekday": 1, "starts_at": "08:00", "ends_at": "10:00"}]', 'UTC');
select is(
    jsonb_array_length(public.set_my_availability(
        '[{"weekday": 6, "starts_at": "22:00", "ends_at": "24:00"},
          {"weekday": 7, "starts_at": "00:00", "ends_at": "02:00"},
          {"weekday": 3, "starts_at": "10:00", "ends_at": "16:00"}]',
        'Asia/Dubai'
    ) -> 'windows'),
    3, 'a new list replaces the windows'
);
select results_eq(
    $$ select weekday::integer, starts_at, ends_at, time_zone from app.reader_availability order by 1 $$,
    $$ values (3, '10:00'::time, '16:00'::time, 'Asia/Dubai'),
              (6, '22:00'::time, '24:00'::time, 'Asia/Dubai'),
              (7, '00:00'::time, '02:00'::time, 'Asia/Dubai') $$,
    'the windows are stored in the reader''s zone, the old ones gone'
);

select throws_ok(
    $$ select public.set_my_availability('[]', 'Mars/Olympus') $$,
    'BADTZ', null, 'an unknown time zone is refused'
);
select throws_ok(
    $$ select public.set_my_availability('[]') $$,
    'BADTZ', null, 'without a time zone, a reader whose profile has none is refused'
);
select throws_ok(
    $$ select public.set_my_availability('{"weekday": 1}', 'UTC') $$,
    'CLWIN', null, 'windows must come as an array'
);
select throws_ok(
    $$ select public.set_my_availability('[1]', 'UTC') $$,
    'CLWIN', null, 'each window is an object'
);
select throws_ok(
    $$ select public.set_my_availability('[{"weekday": 8, "starts_at": "08:00", "ends_at": "09:00"}]', 'UTC') $$,
    'CLWIN', null, 'a weekday outside 1..7 is refused'
);
select throws_ok(
    $$ select public.set_my_availability('[{"weekday": 1, "starts_at": "10:00", "ends_at": "09:00"}]', 'UTC') $$,
    'CLWIN', null, 'a window that ends before it starts is refused'
);
select throws_ok(
    $$ select public.set_my_availability('[{"weekday": 1, "starts_at": "25:00", "ends_at": "26:00"}]', 'UTC') $$,
    'CLWIN', null, 'a time that is not a time of day is refused'
);
select throws_ok(
    $$ select public.set_my_availability('[{"weekday": 1, "starts_at": "09:00"}]', 'UTC') $$,
    'CLWIN', null, 'a window without an end is refused'
);
select is(
    (select count(*)::integer from app.reader_availability),
    3, 'refused lists changed nothing'
);

reset role;
update app.profiles set time_zone = 'Asia/Dubai' where id = tests.get_user_id('rita');
select tests.authenticate_as('rita');
-- Wednesday 2026-04-08: time off 12:00-14:00; Thursday 2026-04-09: an extra window 10:00-12:00
select is(
    jsonb_array_length(public.set_my_availability_exceptions(
        '[{"on_date": "2026-04-08", "starts_at": "12:00", "ends_at": "14:00"},
          {"on_date": "2026-04-09", "starts_at": "10:00", "ends_at": "12:00", "is_available": true},
          {"on_date": "2026-04-15", "starts_at": "11:00", "ends_at": "13:00", "is_available": true},
          {"on_date": "2026-04-15", "starts_at": "12:00", "ends_at": "24:00"}]'
    ) -> 'exceptions'),
    4, 'exceptions are stored in the profile''s zone when none is given'
);
select throws_ok(
    $$ select public.set_my_availability_exceptions('[{"on_date": "2026-02-30"}]', 'UTC') $$,
    'CLWIN', null, 'a date that does not exist is refused'
);

select tests.authenticate_as('alice');
-- Dubai is UTC+4: Wednesday 10:00-16:00 local is 06:00-12:00 UTC
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-08 07:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'the weekly window holds outside the time off'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-08 08:30Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'time off removes the hours it covers'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-09 06:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'an extra window adds hours on a day without a weekly window'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-15 08:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'time off wins over an extra window on the same hours'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-15 07:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'the extra window holds outside the time off'
);
-- Saturday 22:00-24:00 and Sunday 00:00-02:00 Dubai join: 23:30-00:30 local is 19:30-20:30 UTC
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-04-11 19:30Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a call may run from one window into the next across midnight'
);

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');
select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.set_my_availability('[]', 'UTC') $$,
    'USRBL', null, 'a blocked reader cannot change their availability'
);

select * from finish();
rollback;
