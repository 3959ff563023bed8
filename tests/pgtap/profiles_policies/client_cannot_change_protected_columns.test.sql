-- A client edits harmless profile columns only: role, verification flags, block state, phone
-- and derived columns are refused (42501) by the column grants and, behind them, by the guard
-- trigger.
begin;
select plan(14);

select tests.create_user('carol');
select tests.authenticate_as('carol');

select throws_ok(
    $$ update app.profiles set role = 'admin' where id = auth.uid() $$,
    '42501', null, 'a client cannot change their own role'
);
select throws_ok(
    $$ update app.profiles set phone_verified = true where id = auth.uid() $$,
    '42501', null, 'a client cannot mark their phone verified'
);
select throws_ok(
    $$ update app.profiles set email_verified = false where id = auth.uid() $$,
    '42501', null, 'a client cannot change email_verified'
);
select throws_ok(
    $$ update app.profiles set is_blocked = false where id = auth.uid() $$,
    '42501', null, 'a client cannot change their block state'
);
select throws_ok(
    $$ update app.profiles set blocked_at = null where id = auth.uid() $$,
    '42501', null, 'a client cannot change blocked_at'
);
select throws_ok(
    $$ update app.profiles set phone = '+971500000000' where id = auth.uid() $$,
    '42501', null, 'a client cannot set their phone directly'
);
select throws_ok(
    $$ update app.profiles set zodiac_sign = 'leo' where id = auth.uid() $$,
    '42501', null, 'a client cannot set their zodiac sign'
);
select throws_ok(
    $$ insert into app.profiles (id) values (gen_random_uuid()) $$,
    '42501', null, 'a client cannot insert profiles'
);
select throws_ok(
    $$ delete from app.profiles where id = auth.uid() $$,
    '42501', null, 'a client cannot delete their profile'
);

select results_eq(
    $$
        update app.profiles set first_name = 'Carol', language = 'ar'
        where id = auth.uid()
        returning first_name, language
    $$,
    $$ values ('Carol', 'ar') $$,
    'a client may update their own name and language'
);

-- Behind the grants: even with a column grant (as a careless future migration might add),
-- the trigger refuses protected columns for API roles.
reset role;
grant update (role, is_blocked) on app.profiles to authenticated;
select tests.authenticate_as('carol');

select throws_ok(
    $$ update app.profiles set role = 'superadmin' where id = auth.uid() $$,
    '42501', null, 'the guard trigger refuses a role change by the user'
);
select throws_ok(
    $$ update app.profiles set is_blocked = true where id = auth.uid() $$,
    '42501', null, 'the guard trigger refuses a block-state change by the user'
);

reset role;

select lives_ok(
    $$ update app.profiles set role = 'reader' where id = tests.get_user_id('carol') $$,
    'the platform (postgres, definer code) may change the role'
);

select is(
    (select p.role from app.profiles as p where p.id = tests.get_user_id('carol')),
    'reader',
    'only the platform''s change took effect'
);

select * from finish();
rollback;
