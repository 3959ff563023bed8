-- book_call: the exclusion constraints of app.call_bookings keep a reader's active calls (and a
-- client's) from overlapping. A second booking of a taken slot answers CLTKN, a client's
-- overlapping call CLOVL; back-to-back calls are fine, and a cancelled call frees its slot.
begin;
select plan(11);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_reader_available('rob', '10:00', '18:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 60)
        as first_call
\gset

select tests.authenticate_as('bob');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLTKN', null, 'another client cannot book the same slot'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:45Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'CLTKN', null, 'nor a slot that overlaps it partly'
);
select is(
    tests.error_detail(format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 11:30Z', 60) $$,
        tests.get_user_id('rita')
    )),
    '{"starts_at": "2026-06-02T11:30:00+00:00", "ends_at": "2026-06-02T12:30:00+00:00"}'::jsonb,
    'CLTKN names the slot asked for'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 13:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'a call right after the booked one is fine'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:00Z', 15) $$,
        tests.get_user_id('rob')
    ),
    'another reader is free at the same time'
);

select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:30Z', 15) $$,
        tests.get_user_id('rob')
    ),
    'CLOVL', null, 'a client cannot hold two calls at once, even with two readers'
);

select is(
    (public.cancel_call((:'first_call'::jsonb ->> 'order_id')::uuid, 'plans changed') ->> 'status'),
    'cancelled', 'the client cancels their call'
);
select tests.authenticate_as('bob');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLOVL', null, 'bob is still busy with rob then'
);
select tests.authenticate_as('alice');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 12:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a cancelled call frees the slot for a new booking'
);

reset role;
select tests.create_order_in_state('bob', 'assigned', 'rita', 'test: a plain order') as plain \gset
select throws_ok(
    format(
        $$ insert into app.call_bookings (order_id, reader_id, client_id, starts_at, minutes, ends_at)
           values (%L, %L, %L, '2026-06-02 12:30Z', 15, '2026-06-02 12:45Z') $$,
        :'plain', tests.get_user_id('rita'), tests.get_user_id('bob')
    ),
    '23P01', null, 'the exclusion constraint holds for every writer, the platform included'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ update app.call_bookings set cancelled_at = now() $$,
    '42501', null, 'no API role writes bookings directly'
);

select * from finish();
rollback;
