-- list_blocks: monitors, admins and superadmins list blocked users; nobody else.
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('mona');
select public.block_profile(tests.get_user_id('bob'), 'spam');
select public.block_profile(tests.get_user_id('rob'), 'copying');
reset role;

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.list_blocks() $$,
    '42501', null, 'anon cannot list blocks'
);
select tests.authenticate_as('alice');
select throws_ok(
    $$ select * from public.list_blocks() $$,
    '42501', null, 'alice cannot list blocks'
);
select tests.authenticate_as('bob');
select throws_ok(
    $$ select * from public.list_blocks() $$,
    'USRBL', null, 'bob cannot list blocks'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select * from public.list_blocks() $$,
    '42501', null, 'rita cannot list blocks'
);
select tests.authenticate_as('rob');
select throws_ok(
    $$ select * from public.list_blocks() $$,
    'USRBL', null, 'rob cannot list blocks'
);
select tests.authenticate_as('mona');
select results_eq(
    $$ select b.profile_id, b.reason, b.blocked_by from public.list_blocks() as b order by b.reason $$,
    $$
        values
        (tests.get_user_id('rob'), 'copying', tests.get_user_id('mona')),
        (tests.get_user_id('bob'), 'spam', tests.get_user_id('mona'))
    $$,
    'staff (mona) list the blocked users with reason and moderator'
);
select tests.authenticate_as('adam');
select results_eq(
    $$ select b.profile_id, b.reason, b.blocked_by from public.list_blocks() as b order by b.reason $$,
    $$
        values
        (tests.get_user_id('rob'), 'copying', tests.get_user_id('mona')),
        (tests.get_user_id('bob'), 'spam', tests.get_user_id('mona'))
    $$,
    'staff (adam) list the blocked users with reason and moderator'
);
select tests.authenticate_as('sara');
select results_eq(
    $$ select b.profile_id, b.reason, b.blocked_by from public.list_blocks() as b order by b.reason $$,
    $$
        values
        (tests.get_user_id('rob'), 'copying', tests.get_user_id('mona')),
        (tests.get_user_id('bob'), 'spam', tests.get_user_id('mona'))
    $$,
    'staff (sara) list the blocked users with reason and moderator'
);

select * from finish();
rollback;
