-- book_call: a client who may order books a slot inside a reader's availability, at least the
-- lead time ahead; the booking is an order of the call service, assigned to the reader and
-- audited. Every rule refuses with its code and leaves nothing behind.
begin;
select plan(22);

select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_client_who_may_order('alice');
select tests.create_user('nina', 'client');
select tests.freeze_time('2026-03-02 12:00Z');

-- rita: Mondays and Tuesdays 09:00-12:00 in New York (EST, UTC-5, in early March)
select tests.authenticate_as('rita');
select public.set_my_availability(
    '[{"weekday": 1, "starts_at": "09:00", "ends_at": "12:00"},
      {"weekday": 2, "starts_at": "09:00", "ends_at": "12:00"}]',
    'America/New_York'
);

select tests.authenticate_as('alice');
select public.book_call(
    tests.get_user_id('rita'), 'direct_call', '2026-03-03 14:00Z', 30, 'Work or study?'
) as call \gset

select is(:'call'::jsonb ->> 'status', 'assigned', 'the booked order is assigned at once');
select is(
    (:'call'::jsonb ->> 'reader_id')::uuid, tests.get_user_id('rita'),
    'the booking names the reader'
);
select is(
    :'call'::jsonb ->> 'local_starts_at', '2026-03-03T18:00:00+04:00',
    'the client reads the start in their own zone (Asia/Dubai)'
);
select results_eq(
    format(
        $$ select o.service_code, o.status::text, o.reader_id, o.scheduled_at, o.question
           from app.orders as o where o.id = %L $$,
        :'call'::jsonb ->> 'order_id'
    ),
    $$ values (
        'direct_call', 'assigned', tests.get_user_id('rita'), '2026-03-03 14:00Z'::timestamptz,
        'Work or study?'
    ) $$,
    'the booking is an order of direct_call, assigned to the reader, scheduled at the start'
);
reset role;
select results_eq(
    format(
        $$ select event from app.audit_log where entity_id = %L order by id $$,
        :'call'::jsonb ->> 'order_id'
    ),
    $$ values ('order.created'), ('order.assigned'), ('call.booked') $$,
    'creation, assignment and booking are audited'
);
select tests.authenticate_as('alice');

select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 16:15Z', 45) $$,
        tests.get_user_id('rita')
    ),
    'a slot that ends exactly when the window ends is bookable'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 16:30Z', 45) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'a slot running past the end of the window is refused'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-04 14:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'CLNAV', null, 'a day without a window is refused'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 14:00Z', 30) $$,
        tests.get_user_id('rob')
    ),
    'CLNAV', null, 'a reader without availability cannot be booked'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 20) $$,
        tests.get_user_id('rita')
    ),
    'CLMIN', null, 'a length other than 15, 30, 45 or 60 minutes is refused'
);
select is(
    tests.error_detail(format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 90) $$,
        tests.get_user_id('rita')
    )),
    '{"allowed": [15, 30, 45, 60], "minutes": 90}'::jsonb,
    'CLMIN says which lengths are allowed'
);

-- the lead time: 60 minutes by default, from the settings
select tests.freeze_time('2026-03-02 13:30Z');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-02 14:15Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLLEA', null, 'a start within the lead time is refused'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-02 14:30Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'a start exactly the lead time ahead is bookable'
);
reset role;
update app.app_settings set value = '180' where key = 'calls.booking_lead_minutes';
select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-02 16:00Z', 15) $$,
        tests.get_user_id('rita')
    ),
    'CLLEA', null, 'the lead time comes from calls.booking_lead_minutes'
);

select throws_ok(
    format(
        $$ select public.book_call(%L, 'tarot', '2026-03-03 15:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'CLSVC', null, 'a service that is not a call cannot be booked'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 30) $$,
        tests.get_user_id('alice')
    ),
    'ORDRD', null, 'only a reader can be booked'
);

select tests.authenticate_as('nina');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'ORDPF', null, 'a client whose profile may not order cannot book (the order rule)'
);

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');
select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'ORDRD', null, 'a blocked reader cannot be booked'
);
reset role;
update app.profiles set is_blocked = false where id = tests.get_user_id('rita');
update app.profiles set is_blocked = true where id = tests.get_user_id('alice');
select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-03-03 15:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'USRBL', null, 'a blocked client cannot book'
);

reset role;
select is(
    (select count(*)::integer from app.call_bookings),
    3, 'refused bookings left no booking behind'
);
select is(
    (select count(*)::integer from app.orders where client_id = tests.get_user_id('alice')),
    3, 'refused bookings left no order behind'
);
select throws_ok(
    $$ insert into app.call_bookings (order_id, reader_id, client_id, starts_at, minutes, ends_at)
       select o.id, o.reader_id, o.client_id, '2026-03-10 14:00Z', 15, '2026-03-10 14:15Z'
       from app.orders as o limit 1 $$,
    '23505', null, 'an order has at most one booking'
);

select * from finish();
rollback;
