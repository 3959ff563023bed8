-- book_call and reschedule_call: a call starts at most calls.booking_horizon_days (90) after
-- now (CLFAR), so a client cannot hold a reader's time years ahead, and a start near the end
-- of the timestamp range is refused with that code instead of failing on an overflow.
begin;
select plan(7);

select tests.create_reader_available('rita', '00:00', '24:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-02-02 12:00Z');

select tests.authenticate_as('alice');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-05-03 11:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a call that ends just inside 90 days is booked'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-05-03 12:00Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLFAR', null, 'a call that ends past 90 days from now is refused'
);
select is(
    tests.error_detail(format(
        $$ select public.book_call(%L, 'direct_call', '2027-02-02 12:00Z', 15) $$,
        tests.get_user_id('rita')
    ))::jsonb ->> 'horizon_days',
    '90',
    'the refusal names the horizon'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '294276-12-31 23:30Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLFAR', null, 'a start at the end of the timestamp range is refused, not an overflow'
);
select is(
    (select count(*)::integer from app.orders where client_id = tests.get_user_id('alice')),
    1,
    'refused bookings leave no order behind'
);

select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-03-02 10:00Z', 30)
    ->> 'order_id' as order_id
\gset
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-12-01 10:00Z') $$, :'order_id'),
    'CLFAR', null, 'a call cannot be moved past the horizon either'
);

reset role;
update app.app_settings set value = '400' where key = 'calls.booking_horizon_days';
select tests.authenticate_as('alice');
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-12-01 10:00Z') $$, :'order_id'),
    'the horizon is a setting'
);

select * from finish();
rollback;
