-- A booking's reader is its order's reader: when an admin reassigns a call's order, the
-- booking follows (audited as call.reader_changed). The new reader must be an unblocked reader
-- (ORDRD), take calls for the whole slot (CLNAV, the availability rule every booking meets)
-- and be free then (CLTKN, from the exclusion constraint); a refusal changes nothing.
begin;
select plan(8);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_reader_available('rob', '10:00', '18:00', 'UTC');
select tests.create_reader_available('ray', '10:00', '18:00', 'UTC');
select tests.create_reader_available('rose', '12:15', '18:00', 'UTC');
select tests.create_reader_available('ruth', '10:00', '18:00', 'UTC');
update app.profiles set is_blocked = true where id = tests.get_user_id('ruth');
select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('adam', 'admin');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select
    (
        public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
        ->> 'order_id'
    ) as call
\gset
select tests.authenticate_as('bob');
select public.book_call(tests.get_user_id('ray'), 'direct_call', '2026-06-02 12:15Z', 30);

select tests.authenticate_as('adam');
select is(
    (public.assign_order(:'call', tests.get_user_id('rob'), true) ->> 'reader_id')::uuid,
    tests.get_user_id('rob'), 'an admin reassigns the call''s order'
);
select is(
    (select reader_id from app.call_bookings where order_id = :'call'),
    tests.get_user_id('rob'), 'the booking follows the order to the new reader'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L, true) $$, :'call', tests.get_user_id('ray')),
    'CLTKN', null, 'a reader booked at that time cannot take the call'
);
select is(
    tests.error_detail(
        format($$ select public.assign_order(%L, %L, true) $$, :'call', tests.get_user_id('ray'))
    ),
    '{"starts_at": "2026-06-02T12:00:00+00:00", "ends_at": "2026-06-02T12:30:00+00:00"}'::jsonb,
    'the refusal names the call''s slot'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L, true) $$, :'call', tests.get_user_id('rose')),
    'CLNAV', null, 'a reader who does not take calls for the whole slot cannot take the call'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L, true) $$, :'call', tests.get_user_id('ruth')),
    'ORDRD', null, 'a blocked reader cannot take the call'
);
select is(
    (select reader_id from app.call_bookings where order_id = :'call'),
    tests.get_user_id('rob'), 'the refused reassignments left the booking with its reader'
);

reset role;
select results_eq(
    format(
        $$ select old_data ->> 'reader_id', new_data ->> 'reader_id' from app.audit_log
           where entity_id = %L and event = 'call.reader_changed' $$,
        :'call'
    ),
    format(
        $$ values (%L, %L) $$, tests.get_user_id('rita'), tests.get_user_id('rob')
    ),
    'the change of reader is audited for the call'
);

select * from finish();
rollback;
