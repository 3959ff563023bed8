-- reader_available_ranges: a window whose local start falls in the hour that the spring-forward
-- change skips may end, as an instant, before it starts (02:30-03:00 in New York on Sunday
-- 8 March 2026: 02:30 is read as EST, 07:30 UTC, and 03:00 EDT is 07:00 UTC). That day the
-- window holds no time; it must not break the reader's other windows nor booking around it.
begin;
select plan(5);

select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-02-20 12:00Z');

select tests.authenticate_as('rita');
select public.set_my_availability(
    '[{"weekday": 7, "starts_at": "02:30", "ends_at": "03:00"},
      {"weekday": 7, "starts_at": "09:00", "ends_at": "12:00"}]',
    'America/New_York'
);
select public.set_my_availability_exceptions(
    '[{"on_date": "2026-03-08", "starts_at": "02:15", "ends_at": "03:10",
       "is_available": true}]',
    'America/New_York'
);

select lives_ok(
    format(
        $$ select app.reader_available_ranges(%L, '2026-03-08 00:00Z', '2026-03-08 23:00Z') $$,
        tests.get_user_id('rita')
    ),
    'the ranges of the spring-forward Sunday are computed'
);
select is(
    app.reader_available_ranges(tests.get_user_id('rita'), '2026-03-08 00:00Z', '2026-03-08 23:00Z')
    * '{[2026-03-08 00:00Z, 2026-03-09 00:00Z)}'::tstzmultirange,
    '{[2026-03-08 13:00Z, 2026-03-08 16:00Z)}',
    'that day only the 09:00-12:00 window holds time: 02:15-03:10 is read as 07:15-07:10 UTC'
);
select is(
    app.reader_available_ranges(tests.get_user_id('rita'), '2026-03-15 00:00Z', '2026-03-15 23:00Z')
    * '{[2026-03-15 00:00Z, 2026-03-16 00:00Z)}'::tstzmultirange,
    '{[2026-03-15 06:30Z, 2026-03-15 07:00Z), [2026-03-15 13:00Z, 2026-03-15 16:00Z)}',
    'a week later the 02:30-03:00 window holds its half hour'
);

select tests.authenticate_as('alice');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-08 13:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a call in the 09:00 window of the spring-forward Sunday is booked'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-08 07:00Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'the skipped hour is not available'
);

select * from finish();
rollback;
