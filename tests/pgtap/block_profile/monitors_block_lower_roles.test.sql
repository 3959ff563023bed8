-- block_profile: the role matrix; monitors block clients and readers but never admins or
-- superadmins; every block is a moderation action; blocked users cannot order or be assigned.
begin;
select plan(20);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_user('moe', 'monitor');
select tests.create_user('sam', 'superadmin');

select tests.create_order_in_state('alice', 'new', null, 'test: o1') as o1 \gset

select tests.clear_authentication();
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'spam') $$,
    '42501', null, 'anon cannot block'
);
select tests.authenticate_as('alice');
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'spam') $$,
    '42501', null, 'alice cannot block'
);
select tests.authenticate_as('bob');
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'spam') $$,
    '42501', null, 'bob cannot block'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'spam') $$,
    '42501', null, 'rita cannot block'
);
select tests.authenticate_as('rob');
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'spam') $$,
    '42501', null, 'rob cannot block'
);
select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('adam'), 'spam') $$,
    '42501', null, 'a monitor cannot block an admin'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('sara'), 'spam') $$,
    '42501', null, 'a monitor cannot block a superadmin'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('moe'), 'spam') $$,
    '42501', null, 'a monitor cannot block another monitor'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('mona'), 'spam') $$,
    'MODSF', null, 'nobody blocks themselves'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), ' ') $$,
    'RSNRQ', null, 'a block needs a reason'
);
select throws_ok(
    $$ select public.block_profile(gen_random_uuid(), 'spam') $$,
    'USRNF', null, 'an unknown user cannot be blocked'
);
select is(
    public.block_profile(tests.get_user_id('bob'), 'abusive messages') ->> 'is_blocked', 'true',
    'a monitor blocks a client'
);
select is(
    public.block_profile(tests.get_user_id('rob'), 'plagiarism') ->> 'is_blocked', 'true',
    'a monitor blocks a reader'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('bob'), 'again') $$,
    'MODDU', null, 'a blocked user is not blocked twice'
);
select tests.authenticate_as('adam');
select is(
    public.block_profile(tests.get_user_id('moe'), 'test') ->> 'is_blocked', 'true',
    'an admin blocks a monitor'
);
select throws_ok(
    $$ select public.block_profile(tests.get_user_id('sara'), 'test') $$,
    '42501', null, 'an admin cannot block a superadmin'
);
select tests.authenticate_as('sara');
select is(
    public.block_profile(tests.get_user_id('adam'), 'test') ->> 'is_blocked', 'true',
    'a superadmin blocks an admin'
);
reset role;
select results_eq(
    $$
        select a.action, a.actor_id, a.reason
        from app.moderation_actions as a
        where a.target_profile_id = tests.get_user_id('bob')
    $$,
    $$ values ('block', tests.get_user_id('mona'), 'abusive messages') $$,
    'the block is a moderation action with actor and reason'
);
select tests.authenticate_as('bob');
select throws_ok(
    $$ select public.create_order('tarot', 'Hello?') $$,
    'USRBL', null, 'the blocked client cannot order'
);
select tests.authenticate_as('sara');
select throws_ok(
    $$ select public.assign_order(
        (select o.id from app.orders as o where o.question = 'test: o1'), tests.get_user_id('rob')
    ) $$,
    'ORDRD', null, 'the blocked reader cannot be assigned'
);

select * from finish();
rollback;
