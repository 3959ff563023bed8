-- The initial role comes from app_metadata (service-only), never from user_metadata, and only
-- when the profile is created.
begin;
select plan(8);

insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data)
values
(gen_random_uuid(), 'by-app@test.local', '{"role": "reader"}', '{}'),
(gen_random_uuid(), 'by-user@test.local', '{}', '{"role": "admin"}'),
(gen_random_uuid(), 'both@test.local', '{"role": "monitor"}', '{"role": "superadmin"}'),
(gen_random_uuid(), 'unknown@test.local', '{"role": "wizard"}', '{}'),
(gen_random_uuid(), 'no-meta@test.local', null, null);

select is(
    (select p.role from app.profiles as p where p.email = 'by-app@test.local'),
    'reader',
    'a valid role in app_metadata becomes the profile role'
);

select is(
    (select p.role from app.profiles as p where p.email = 'by-user@test.local'),
    'client',
    'a role in user_metadata is ignored'
);

select is(
    (select p.role from app.profiles as p where p.email = 'both@test.local'),
    'monitor',
    'app_metadata wins over user_metadata'
);

select is(
    (select p.role from app.profiles as p where p.email = 'unknown@test.local'),
    'client',
    'an unknown role in app_metadata falls back to client'
);

select is(
    (select p.role from app.profiles as p where p.email = 'no-meta@test.local'),
    'client',
    'no metadata at all gives client'
);

update auth.users
set
    raw_app_meta_data = '{"role": "superadmin"}',
    raw_user_meta_data = '{"role": "superadmin"}',
    email = 'by-app-renamed@test.local'
where email = 'by-app@test.local';

select is(
    (select p.role from app.profiles as p where p.email = 'by-app-renamed@test.local'),
    'reader',
    'later metadata changes never change the role of an existing profile'
);

select tests.create_user('sam', 'superadmin');

select is(
    (select p.role from app.profiles as p where p.id = tests.get_user_id('sam')),
    'superadmin',
    'tests.create_user passes the role through app_metadata'
);

select throws_ok(
    $$ select tests.create_user('nobody', 'wizard') $$,
    'TSTRL',
    null,
    'tests.create_user rejects an unknown role'
);

select * from finish();
rollback;
