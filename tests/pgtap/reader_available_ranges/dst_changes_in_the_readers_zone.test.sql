-- reader_available_ranges and book_call across DST changes in the reader's zone: a weekly
-- window keeps its wall-clock hours (so its UTC hours move on the day of the change), a window
-- holds the real hours between its local ends on that day, and a slot that crosses the change
-- is booked by its instants and read by each side in their own zone. New York, 2026: clocks go
-- 02:00 EST -> 03:00 EDT on Sunday 8 March and 02:00 EDT -> 01:00 EST on Sunday 1 November.
begin;
select plan(15);

select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-02-20 12:00Z');
-- both changes of the year are booked from February: past the default 90-day horizon
update app.app_settings set value = '365' where key = 'calls.booking_horizon_days';

select tests.authenticate_as('rita');
select public.set_my_availability(
    '[{"weekday": 7, "starts_at": "00:00", "ends_at": "04:00"},
      {"weekday": 7, "starts_at": "09:00", "ends_at": "12:00"}]',
    'America/New_York'
);

select is(
    app.reader_available_ranges(tests.get_user_id('rita'), '2026-03-01 00:00Z', '2026-03-01 23:00Z')
    * '{[2026-03-01 00:00Z, 2026-03-02 00:00Z)}'::tstzmultirange,
    '{[2026-03-01 05:00Z, 2026-03-01 09:00Z), [2026-03-01 14:00Z, 2026-03-01 17:00Z)}',
    'on a winter Sunday the windows are 05:00-09:00 and 14:00-17:00 UTC'
);
select is(
    app.reader_available_ranges(tests.get_user_id('rita'), '2026-03-08 00:00Z', '2026-03-08 23:00Z')
    * '{[2026-03-08 00:00Z, 2026-03-09 00:00Z)}'::tstzmultirange,
    '{[2026-03-08 05:00Z, 2026-03-08 08:00Z), [2026-03-08 13:00Z, 2026-03-08 16:00Z)}',
    'on the spring-forward Sunday 00:00-04:00 holds three real hours and 09:00-12:00 is an hour '
    'earlier in UTC'
);
select is(
    app.reader_available_ranges(tests.get_user_id('rita'), '2026-11-01 00:00Z', '2026-11-01 23:00Z')
    * '{[2026-11-01 00:00Z, 2026-11-02 00:00Z)}'::tstzmultirange,
    '{[2026-11-01 04:00Z, 2026-11-01 09:00Z), [2026-11-01 14:00Z, 2026-11-01 17:00Z)}',
    'on the fall-back Sunday 00:00-04:00 holds five real hours'
);

select tests.authenticate_as('alice');
-- the weekly window on the day of the change
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-08 13:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    '09:00 EDT (13:00 UTC) on the spring-forward Sunday is inside the 09:00 window'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-08 16:00Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, '16:00 UTC is 12:00 EDT that day: after the window'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-01 13:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'the same 13:00 UTC a week earlier is 08:00 EST: before the window'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-01 16:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    '16:00 UTC a week earlier is 11:00 EST: inside'
);

-- a slot across the spring-forward change
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-03-08 06:30Z', 60)
        as spring
\gset
select is(
    :'spring'::jsonb ->> 'local_starts_at', '2026-03-08T10:30:00+04:00',
    'the client reads the start in Dubai time'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-08 07:30Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null,
    'a slot from 03:30 EDT runs past 04:00 EDT (08:00 UTC), the window''s end that day'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-01 07:30Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'the same UTC slot on a winter Sunday (02:30-03:30 EST) is inside'
);

-- a slot across the fall-back change: 01:30 EDT to 01:30 EST
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-11-01 05:30Z', 60)
        as autumn
\gset
select is(
    :'autumn'::jsonb ->> 'minutes', '60', 'the call lasts its 60 minutes across the change'
);

select tests.authenticate_as('rita');
select results_eq(
    $$ select c ->> 'local_starts_at', c ->> 'local_ends_at'
       from jsonb_array_elements(public.list_my_calls(true, 200) -> 'calls') as c
       where c ->> 'starts_at' in ('2026-03-08T06:30:00+00:00', '2026-11-01T05:30:00+00:00')
       order by c ->> 'starts_at' $$,
    $$ values
       ('2026-03-08T01:30:00-05:00', '2026-03-08T03:30:00-04:00'),
       ('2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00-05:00') $$,
    'the reader reads both slots in New York time, with the offset before and after the change'
);
select is(
    public.list_my_calls(true, 200) ->> 'time_zone', 'America/New_York',
    'a reader without a profile time zone reads calls in their availability''s zone'
);

select tests.authenticate_as('alice');
select is(
    (
        select c ->> 'local_ends_at'
        from jsonb_array_elements(public.list_my_calls() -> 'calls') as c
        where c ->> 'starts_at' = '2026-11-01T05:30:00+00:00'
    ),
    '2026-11-01T10:30:00+04:00',
    'the client reads the end in Dubai time, which has no DST'
);
select is(
    (
        select count(*)::integer
        from jsonb_array_elements(public.list_my_calls() -> 'calls')
    ),
    5, 'the client lists their five calls'
);

select * from finish();
rollback;
