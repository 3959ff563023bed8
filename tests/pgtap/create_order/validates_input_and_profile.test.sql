-- create_order: clear codes for bad input (ORDQE, ORDQL, ORDSV, ORDMD), incomplete or
-- under-age profiles (ORDPF) and blocked clients (USRBL).
begin;
select plan(12);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_user('cleo', 'client');
select tests.create_user('dana', 'client');
update app.profiles as p
set
    first_name = 'Dana',
    last_name = 'Young',
    date_of_birth = (current_date - interval '17 years')::date,
    country_code = 'AE',
    time_zone = 'Asia/Dubai',
    phone = '+971500000009',
    phone_verified = true
where p.id = tests.get_user_id('dana');
update app.services set is_active = false where code = 'healing';

insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('alice'), 'image', 'test', 'alice/cup.jpg', 'image/jpeg')
returning id as alice_media \gset
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('bob'), 'image', 'test', 'bob/cup.jpg', 'image/jpeg')
returning id as bob_media \gset

select tests.authenticate_as('alice');
select throws_ok(
    $$ select public.create_order('tarot', '   ') $$,
    'ORDQE', null, 'an empty question is refused'
);
select throws_ok(
    $$ select public.create_order('tarot', null) $$,
    'ORDQE', null, 'a missing question is refused'
);
select throws_ok(
    $$ select public.create_order('tarot', repeat('x', 2001)) $$,
    'ORDQL', null, 'a question over the maximum length is refused'
);
select throws_ok(
    $$ select public.create_order('palmistry', 'Hello?') $$,
    'ORDSV', null, 'an unknown service is refused'
);
select throws_ok(
    $$ select public.create_order('healing', 'Hello?') $$,
    'ORDSV', null, 'an inactive service is refused'
);
select throws_ok(
    format($$ select public.create_order('tarot', 'Hello?', %L) $$, :'bob_media'),
    'ORDMD', null, 'someone else''s media cannot be attached'
);
select throws_ok(
    $$ select public.create_order('tarot', 'Hello?', gen_random_uuid()) $$,
    'ORDMD', null, 'unknown media cannot be attached'
);
select is(
    public.create_order('tarot', 'With my cup photo', :'alice_media') ->> 'input_media_id',
    :'alice_media',
    'a client attaches their own media'
);
select tests.authenticate_as('cleo');
select throws_ok(
    $$ select public.create_order('tarot', 'Hello?') $$,
    'ORDPF', null, 'a client with an incomplete profile cannot order'
);
select is(
    app.profile_missing_fields(auth.uid()) @> array['phone_verified', 'first_name'],
    true,
    'the missing fields name the unverified phone and the empty name'
);
select tests.authenticate_as('dana');
select throws_ok(
    $$ select public.create_order('tarot', 'Hello?') $$,
    'ORDPF', null, 'a client under the minimum age cannot order'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('bob');
select tests.authenticate_as('bob');
select throws_ok(
    $$ select public.create_order('tarot', 'Hello?') $$,
    'USRBL', null, 'a blocked client cannot order'
);

select * from finish();
rollback;
