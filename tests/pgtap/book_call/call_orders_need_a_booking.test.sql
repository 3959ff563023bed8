-- An order of a call service is committed only with its booking
-- (app.orders_require_call_booking, a trigger deferred to the commit; `set constraints all
-- immediate` runs the checks then and from then on): one made through book_call passes, one
-- made with create_order is CLBRQ.
begin;
select plan(4);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-06-01 08:00Z');
select tests.authenticate_as('alice');

select is(
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
    ->> 'status',
    'assigned',
    'book_call makes the call order and its booking'
);
select lives_ok(
    $$ set constraints all immediate $$,
    'a call order with its booking may be committed'
);
-- the checks now run at once, as they would at the commit
select throws_ok(
    $$ select public.create_order('direct_call', 'A call without a time') $$,
    'CLBRQ', null, 'a call order made with create_order cannot be committed'
);
select lives_ok(
    $$ select public.create_order('tarot', 'Other services need no booking') $$,
    'other services are not affected'
);

select * from finish();
rollback;
