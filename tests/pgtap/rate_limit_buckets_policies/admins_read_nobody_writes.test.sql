-- app.rate_limit_buckets: admins and superadmins may look; nobody writes directly.
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 60}');
select app.rate_limit_take('test_action', 'someone');

select tests.authenticate_as('alice');
select is_empty(
    $$ select 1 from app.rate_limit_buckets $$,
    'a client sees no bucket'
);
select throws_ok(
    $$ update app.rate_limit_buckets set tokens = 3 $$,
    '42501', null, 'a client cannot refill a bucket'
);
select throws_ok(
    $$ delete from app.rate_limit_buckets $$,
    '42501', null, 'a client cannot delete a bucket'
);

select tests.authenticate_as('adam');
select results_eq(
    $$ select b.subject from app.rate_limit_buckets as b $$,
    $$ values ('someone'::text) $$,
    'an admin sees the buckets'
);
select throws_ok(
    $$ update app.rate_limit_buckets set tokens = 3 $$,
    '42501', null, 'an admin cannot refill a bucket'
);

select tests.authenticate_as('sara');
select throws_ok(
    $$ insert into app.rate_limit_buckets values ('test_action', 'x', 3, now()) $$,
    '42501', null, 'a superadmin cannot insert a bucket'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select 1 from app.rate_limit_buckets $$,
    '42501', null, 'the service role holds no privilege on buckets'
);

select tests.clear_authentication();
select throws_ok(
    $$ select 1 from app.rate_limit_buckets $$,
    '42501', null, 'anon cannot read buckets'
);

select * from finish();
rollback;
