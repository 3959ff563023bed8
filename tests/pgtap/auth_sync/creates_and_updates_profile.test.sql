-- The auth.users trigger creates a profile on sign-up and keeps its email fields in step.
begin;
select plan(9);

select tests.create_user('alice');

select results_eq(
    $$
        select p.role, p.email, p.email_verified
        from app.profiles as p
        where p.id = tests.get_user_id('alice')
    $$,
    $$ values ('client', 'alice@test.local', true) $$,
    'a new auth user gets a client profile with the email and its confirmation'
);

insert into auth.users (id, email) values (gen_random_uuid(), 'unconfirmed@test.local');

select is(
    (select p.email_verified from app.profiles as p where p.email = 'unconfirmed@test.local'),
    false,
    'an unconfirmed email gives email_verified = false'
);

update auth.users set email_confirmed_at = now() where email = 'unconfirmed@test.local';

select is(
    (select p.email_verified from app.profiles as p where p.email = 'unconfirmed@test.local'),
    true,
    'confirming the email sets email_verified'
);

update auth.users set email = 'alice.new@test.local', email_confirmed_at = null
where id = tests.get_user_id('alice');

select results_eq(
    $$
        select p.email, p.email_verified
        from app.profiles as p
        where p.id = tests.get_user_id('alice')
    $$,
    $$ values ('alice.new@test.local', false) $$,
    'an email change is copied to the profile'
);

select is(
    (select count(*)::integer from app.profiles as p where p.id = tests.get_user_id('alice')),
    1,
    'updates never create a second profile'
);

update auth.users set last_sign_in_at = now() where id = tests.get_user_id('alice');

select is(
    (select p.email from app.profiles as p where p.id = tests.get_user_id('alice')),
    'alice.new@test.local',
    'unrelated auth.users updates leave the profile alone'
);

select lives_ok(
    $$ update app.profiles set first_name = 'Alice' where id = tests.get_user_id('alice') $$,
    'the service side may edit the profile'
);

update auth.users set email = 'alice.third@test.local' where id = tests.get_user_id('alice');

select is(
    (select p.first_name from app.profiles as p where p.id = tests.get_user_id('alice')),
    'Alice',
    'syncing the email keeps the other profile columns'
);

delete from auth.users where id = tests.get_user_id('alice');

select is_empty(
    $$ select 1 from app.profiles as p where p.email = 'alice.third@test.local' $$,
    'deleting the auth user deletes the profile'
);

select * from finish();
rollback;
