-- book_call and reschedule_call: a call starts on a quarter hour (CLGRD). Otherwise a client
-- could book 10:07:13.5 and leave gaps in the reader's time that no call fits, and each side's
-- local time (to the second) would not be the instant booked. Every zone's offset is a
-- multiple of 15 minutes, so a quarter hour in UTC is one in the reader's and client's time.
begin;
select plan(6);

select tests.create_reader_available('rita', '00:00', '24:00', 'Asia/Kathmandu');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-02-02 12:00Z');

select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-10 10:07Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLGRD', null, 'a start at 10:07 is refused'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-10 10:00:00.5Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLGRD', null, 'a start half a second past the quarter hour is refused'
);
select is(
    tests.error_detail(format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-10 10:07Z', 15) $$,
        tests.get_user_id('rita')
    ))::jsonb ->> 'grid_minutes',
    '15',
    'the refusal names the grid'
);
select is(
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-02-10 10:15+05:45', 15)
    ->> 'starts_at',
    '2026-02-10T04:30:00+00:00',
    '10:15 in Kathmandu (+05:45) is a quarter hour'
);
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-02-11 10:45Z', 30)
    ->> 'order_id' as order_id
\gset
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-02-12 10:50Z') $$, :'order_id'),
    'CLGRD', null, 'a call cannot be moved off the grid'
);
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-02-12 11:00Z') $$, :'order_id'),
    'a call moves to another quarter hour'
);

select * from finish();
rollback;
