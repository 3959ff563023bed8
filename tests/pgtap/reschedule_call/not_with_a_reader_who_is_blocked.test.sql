-- reschedule_call: a call moves only while its reader is an unblocked reader (ORDRD, the rule a
-- new booking meets), so a client cannot make a new appointment with a blocked reader; the
-- client still cancels within the policy.
begin;
select plan(3);

select tests.create_reader_available('rita', '00:00', '24:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 12:00Z', 30)
    ->> 'order_id' as call_id
\gset

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');

select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-04 12:00Z') $$, :'call_id'),
    'ORDRD', null, 'a call with a blocked reader does not move'
);
select is(
    (select starts_at from app.call_bookings where order_id = :'call_id'),
    '2026-06-03 12:00Z'::timestamptz,
    'the call keeps its time'
);
select is(
    public.cancel_call(:'call_id', 'reader gone') ->> 'status', 'cancelled',
    'the client cancels it'
);

select * from finish();
rollback;
