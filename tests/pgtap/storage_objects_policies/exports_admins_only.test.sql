-- storage.objects, bucket exports: admins and superadmins write, read and remove; nobody else.
begin;
select plan(9);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('adam');
select lives_ok(
    $$ insert into storage.objects (bucket_id, name, owner_id)
       values ('exports', '2026-11-30/orders.csv', auth.uid()::text) $$,
    'an admin writes an export'
);
select results_eq(
    $$ update storage.objects set metadata = '{"mimetype": "text/csv"}'
       where bucket_id = 'exports' returning name $$,
    $$ values ('2026-11-30/orders.csv') $$,
    'an admin updates an export'
);
select tests.authenticate_as('sara');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'exports' $$,
    'a superadmin reads exports'
);
select tests.authenticate_as('mona');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'exports' $$,
    'a monitor reads no export'
);
select throws_ok(
    $$ insert into storage.objects (bucket_id, name, owner_id)
       values ('exports', 'mona.csv', auth.uid()::text) $$,
    '42501', null, 'a monitor cannot write an export'
);
select tests.authenticate_as('rita');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'exports' $$,
    'a reader reads no export'
);
select tests.authenticate_as('alice');
select throws_ok(
    $$ insert into storage.objects (bucket_id, name, owner_id)
       values ('exports', 'alice.csv', auth.uid()::text) $$,
    '42501', null, 'a client cannot write an export'
);
select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'exports' $$,
    'anon reads no export'
);
select tests.authenticate_as('sara');
select set_config('storage.allow_delete_query', 'true', true);
select results_eq(
    $$ delete from storage.objects where bucket_id = 'exports' returning name $$,
    $$ values ('2026-11-30/orders.csv') $$,
    'a superadmin removes an export'
);

select * from finish();
rollback;
