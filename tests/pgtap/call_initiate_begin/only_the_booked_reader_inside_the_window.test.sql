-- call_initiate_begin: only the booking's reader starts its call, inside the window around the
-- start, once, with both parties unblocked and holding a verified phone.
begin;
select plan(11);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.freeze_time('2026-12-01 10:00:00+00');
select tests.create_booked_call('alice', 'rita', '2026-12-01 10:05:00+00', 30) as o1 \gset
select tests.create_booked_call('bob', 'rita', '2026-12-01 12:00:00+00', 15) as o2 \gset
select tests.create_booked_call('bob', 'rob', '2026-12-01 10:00:00+00', 15) as o3 \gset

select phone as alice_phone from app.profiles where id = tests.get_user_id('alice') \gset

select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'),
    '42501', null, 'another reader cannot start the call'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'),
    '42501', null, 'the client cannot start the call'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, gen_random_uuid()),
    'VCBNF', null, 'an unknown booking is refused'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o2'),
    'VCWIN', null, 'two hours early is outside the window'
);
select is(
    tests.error_detail(format($$ select app.call_initiate_begin(%L) $$, :'o2')),
    '{"opens_at": "2026-12-01T11:50:00+00:00", "closes_at": "2026-12-01T12:10:00+00:00"}'::jsonb,
    'the refusal says when the window opens and closes'
);

select app.call_initiate_begin(:'o1') as plan1 \gset
select is(
    (:'plan1'::jsonb) - 'call_id' - 'reader' - 'client',
    jsonb_build_object(
        'order_id', :'o1'::uuid, 'conference_name', 'bk_' || :'o1',
        'time_limit_seconds', 1800
    ),
    'the plan names the conference after the order and limits the call to the booked length'
);
select is(
    (:'plan1'::jsonb) -> 'client' ->> 'phone', :'alice_phone',
    'the client is dialled on their verified phone'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'),
    'VCEXS', null, 'a booking has one call'
);

reset role;
update app.profiles set phone_verified = false where id = tests.get_user_id('bob');
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o3'),
    'VCUNV', null, 'a client without a verified phone cannot be dialled'
);
reset role;
update app.profiles set phone_verified = true, is_blocked = true
where id = tests.get_user_id('bob');
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o3'),
    'VCBLK', null, 'a blocked client cannot be called'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rob');
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o3'),
    'USRBL', null, 'a blocked reader cannot call'
);

select * from finish();
rollback;
