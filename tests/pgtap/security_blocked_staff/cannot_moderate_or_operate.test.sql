-- A blocked monitor or admin can no longer moderate or operate through the public RPCs (USRBL
-- from every one of them, through app.require_role), and app.set_profile_block
-- refuses a null p_block (MODBK) rather than letting it slip past the role check.
begin;
select plan(6);

select tests.create_user('bob', 'client');
select tests.create_user('carl', 'client');
select tests.create_user('dora', 'client');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('mila', 'monitor');

select tests.create_order_in_state('bob', 'new', null, 'test: o1') as o1 \gset
update app.profiles set is_blocked = true
where id in (tests.get_user_id('mona'), tests.get_user_id('adam'), tests.get_user_id('carl'));

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.block_profile(%L, 'test') $$, tests.get_user_id('bob')),
    'USRBL', null, 'a blocked monitor cannot block users'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select public.unblock_profile(%L, 'test') $$, tests.get_user_id('carl')),
    'USRBL', null, 'a blocked admin cannot unblock users'
);
select throws_ok(
    format($$ select public.block_profile(%L, 'test') $$, tests.get_user_id('dora')),
    'USRBL', null, 'a blocked admin cannot block users'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'test') $$, :'o1'),
    'USRBL', null, 'a blocked admin cannot cancel orders'
);
select throws_ok(
    $$ select * from public.set_rate_limit('orders', 1000000, 1) $$,
    'USRBL', null, 'a blocked admin cannot change rate limits'
);

select tests.authenticate_as('mila');
select throws_ok(
    format($$ select app.set_profile_block(%L, null, 'test') $$, tests.get_user_id('dora')),
    'MODBK', null, 'a null p_block is rejected explicitly'
);

select * from finish();
rollback;
