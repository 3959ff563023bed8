-- Users read and update only their own profile; monitors, admins and superadmins read every
-- profile; anon reads none.
begin;
select plan(11);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('alice');

select results_eq(
    $$ select p.email from app.profiles as p $$,
    $$ values ('alice@test.local') $$,
    'a client sees only their own profile'
);
select is_empty(
    $$ select 1 from app.profiles as p where p.id = tests.get_user_id('bob') $$,
    'a client cannot read another client''s profile'
);
select is_empty(
    $$
        update app.profiles set first_name = 'Hacked'
        where id = tests.get_user_id('bob')
        returning id
    $$,
    'a client cannot update another user''s profile'
);

select tests.authenticate_as('rita');

select results_eq(
    $$ select p.email from app.profiles as p $$,
    $$ values ('rita@test.local') $$,
    'a reader sees only their own profile'
);

select tests.authenticate_as('mona');

select results_eq(
    $$
        select p.email from app.profiles as p
        where p.email like '%@test.local'
        order by p.email
    $$,
    $$
        values ('adam@test.local'), ('alice@test.local'), ('bob@test.local'),
        ('mona@test.local'), ('rita@test.local'), ('sara@test.local')
    $$,
    'a monitor sees every profile'
);
select is_empty(
    $$
        update app.profiles set first_name = 'Changed'
        where id = tests.get_user_id('alice')
        returning id
    $$,
    'a monitor cannot edit someone else''s profile directly'
);

select tests.authenticate_as('adam');

select is(
    (select count(*)::integer from app.profiles as p where p.email like '%@test.local'),
    6,
    'an admin sees every profile'
);

select tests.authenticate_as('sara');

select is(
    (select count(*)::integer from app.profiles as p where p.email like '%@test.local'),
    6,
    'a superadmin sees every profile'
);

select tests.authenticate_as_service_role();

select is(
    (select count(*)::integer from app.profiles as p where p.email like '%@test.local'),
    6,
    'the service role reads every profile'
);
select throws_ok(
    $$ update app.profiles set first_name = 'Svc' where id = tests.get_user_id('alice') $$,
    '42501', null, 'the service role has no direct write on profiles'
);

select tests.clear_authentication();

select throws_ok(
    $$ select 1 from app.profiles $$,
    '42501', null, 'anon cannot read profiles'
);

select * from finish();
rollback;
