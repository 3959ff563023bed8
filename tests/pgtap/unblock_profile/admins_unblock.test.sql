-- unblock_profile: the role matrix (admins and superadmins only) and its checks.
begin;
select plan(13);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

update app.profiles set is_blocked = true
where id in (tests.get_user_id('bob'), tests.get_user_id('rob'), tests.get_user_id('mona'));

select tests.clear_authentication();
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('bob'), 'appeal') $$,
    '42501', null, 'anon cannot unblock'
);
select tests.authenticate_as('alice');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('bob'), 'appeal') $$,
    '42501', null, 'alice cannot unblock'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('bob'), 'appeal') $$,
    '42501', null, 'rita cannot unblock'
);
select tests.authenticate_as('bob');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('alice'), 'appeal') $$,
    'USRBL', null, 'bob (blocked) cannot unblock'
);
select tests.authenticate_as('rob');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('alice'), 'appeal') $$,
    'USRBL', null, 'rob (blocked) cannot unblock'
);
select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('bob'), 'appeal') $$,
    'USRBL', null, 'mona (blocked) cannot unblock'
);
select tests.authenticate_as('adam');
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('bob'), '') $$,
    'RSNRQ', null, 'an unblock needs a reason'
);
select throws_ok(
    $$ select public.unblock_profile(tests.get_user_id('alice'), 'appeal') $$,
    'MODNB', null, 'an unblocked user cannot be unblocked'
);
select is(
    public.unblock_profile(tests.get_user_id('bob'), 'appeal accepted') ->> 'is_blocked', 'false',
    'an admin unblocks a client'
);
select is(
    public.unblock_profile(tests.get_user_id('mona'), 'appeal accepted') ->> 'is_blocked', 'false',
    'an admin unblocks a monitor'
);
select tests.authenticate_as('sara');
select is(
    public.unblock_profile(tests.get_user_id('rob'), 'appeal accepted') ->> 'is_blocked', 'false',
    'a superadmin unblocks a reader'
);
reset role;
select results_eq(
    $$
        select a.action, a.actor_id, a.reason
        from app.moderation_actions as a
        where a.target_profile_id = tests.get_user_id('bob')
    $$,
    $$ values ('unblock', tests.get_user_id('adam'), 'appeal accepted') $$,
    'the unblock is a moderation action'
);
select tests.authenticate_as('bob');
select is(
    public.create_order('tarot', 'Back again') ->> 'status', 'new',
    'the unblocked client orders again'
);

select * from finish();
rollback;
