-- default_question: an order whose client gives no question (a booked call, an astro order)
-- gets the service's English name; a question given is kept, trimmed. One rule for both.
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select is(
    app.default_question('tarot', '  my love life  '), 'my love life',
    'a question given is kept, trimmed'
);
select is(
    app.default_question('direct_call', ' '), 'Live call',
    'a blank question becomes the service''s English name'
);
select is(
    app.default_question('no_such_service', null), 'Order',
    'an unknown service still gets a question (the order''s checks answer ORDSV)'
);

select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
    ->> 'order_id'
) as call_order
\gset
select is(
    (select o.question from app.orders as o where o.id = :'call_order'),
    'Live call', 'a call booked without a question is about the call service'
);
select (app.begin_astro_order(null) ->> 'id') as astro_order \gset
select is(
    (select o.question from app.orders as o where o.id = :'astro_order'),
    'Astrology reading', 'an astro order without a question is about the astro service'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'no_such_service', '2026-06-02 14:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'ORDSV', null, 'an unknown service without a question is refused as an unknown service'
);

select tests.clear_authentication();
select throws_ok(
    $$ select app.default_question('tarot', null) $$,
    '42501', null, 'anon cannot call it'
);
select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.default_question('tarot', null) $$,
    '42501', null, 'the service role has no use for it'
);

select * from finish();
rollback;
