-- cancel_call: the client cancels until calls.change_cutoff_minutes (120) before the start and
-- not after, whichever RPC they use; admins cancel any call before delivery; a started call is
-- past the client's reach. A cancellation frees the slot and is audited.
begin;
select plan(15);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-01 12:00Z', 30)
    ->> 'order_id'
) as soon
\gset
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
    ->> 'order_id'
) as later
\gset
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 12:00Z', 30)
    ->> 'order_id'
) as started
\gset

select tests.freeze_time('2026-06-01 10:30Z');
select throws_ok(
    format($$ select public.cancel_call(%L, 'too late?') $$, :'soon'),
    'CLLAT', null, 'the client cannot cancel within two hours of the start'
);
select is(
    tests.error_detail(format($$ select public.cancel_call(%L, 'too late?') $$, :'soon')),
    '{"starts_at": "2026-06-01T12:00:00+00:00", "deadline": "2026-06-01T10:00:00+00:00",
      "cutoff_minutes": 120}'::jsonb,
    'CLLAT says when the deadline was'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'round the policy') $$, :'soon'),
    'CLLAT', null, 'cancel_order does not get round the policy'
);
select throws_ok(
    format($$ select public.cancel_call(%L, null) $$, :'later'),
    'RSNRQ', null, 'a cancellation needs a reason'
);
select is(
    public.cancel_call(:'later', 'plans changed') ->> 'status',
    'cancelled', 'the client cancels a call more than two hours ahead'
);
select throws_ok(
    format($$ select public.cancel_call(%L, 'again') $$, :'later'),
    'CLNFD', null, 'a cancelled call cannot be cancelled again'
);

select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.cancel_call(%L, 'not mine') $$, :'started'),
    'ORDNF', null, 'another client cannot cancel the call'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.cancel_call(%L, 'busy') $$, :'started'),
    '42501', null, 'a reader cannot cancel a call'
);
-- a call starts only near its time (calls.initiate_window_minutes)
select tests.freeze_time('2026-06-03 11:55Z');
select public.start_order(:'started');
select tests.freeze_time('2026-06-01 08:00Z');
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.cancel_call(%L, 'changed my mind') $$, :'started'),
    'ORDTR', null, 'a started call is past the client''s reach'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.cancel_call(%L, 'monitoring') $$, :'soon'),
    '42501', null, 'a monitor cannot cancel a call'
);

select tests.authenticate_as('adam');
select is(
    public.cancel_call(:'soon', 'reader ill') ->> 'status',
    'cancelled', 'an admin cancels within the deadline'
);
select is(
    public.cancel_call(:'started', 'line failed') ->> 'status',
    'cancelled', 'an admin cancels a started call'
);

reset role;
select results_eq(
    $$ select count(*)::integer from app.call_bookings where cancelled_at is null $$,
    $$ values (0) $$,
    'every cancelled call freed its slot'
);
select is(
    (select cancelled_by from app.call_bookings where order_id = :'soon'),
    tests.get_user_id('adam'), 'the booking records who cancelled it'
);
select results_eq(
    format(
        $$ select event from app.audit_log where entity_id = %L order by id $$, :'soon'
    ),
    $$ values ('order.created'), ('order.assigned'), ('call.booked'), ('order.cancelled'),
              ('call.cancelled') $$,
    'the cancellation is audited for the order and the call'
);

select * from finish();
rollback;
