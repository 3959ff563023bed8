-- storage.objects, bucket exports: admins and superadmins write and read; nobody else. Nobody
-- overwrites an export; an uploader removes only their own file no export row records.
begin;
select plan(12);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('alma', 'admin');

select tests.authenticate_as('adam');
select lives_ok(
    $$ insert into storage.objects (bucket_id, name, owner_id)
       values ('exports', '2026-11-30/orders.csv', auth.uid()::text) $$,
    'an admin writes an export'
);
select is_empty(
    $$ update storage.objects set metadata = '{"mimetype": "text/csv"}'
       where bucket_id = 'exports' returning name $$,
    'nobody overwrites an export, not even its uploader'
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
-- a recorded export of adam's, beside the unrecorded file above
reset role;
insert into app.exports (requested_by, datasets, range_from, range_to, storage_path, expires_at)
values (
    tests.get_user_id('adam'), '{orders}', '2026-11-01', '2026-11-02',
    'masked/2026-11-30/recorded.zip', now() + interval '1 day'
);
insert into storage.objects (bucket_id, name, owner_id)
values ('exports', 'masked/2026-11-30/recorded.zip', tests.get_user_id('adam')::text);
select set_config('storage.allow_delete_query', 'true', true);

select tests.authenticate_as('alma');
select is_empty(
    $$ update storage.objects set metadata = '{}' where bucket_id = 'exports' returning name $$,
    'another admin cannot overwrite an admin''s export'
);
select is_empty(
    $$ delete from storage.objects where bucket_id = 'exports' returning name $$,
    'another admin removes no admin''s export'
);
select tests.authenticate_as('sara');
select is_empty(
    $$ delete from storage.objects where bucket_id = 'exports' returning name $$,
    'a superadmin removes no other admin''s export either'
);
select tests.authenticate_as('adam');
select results_eq(
    $$ delete from storage.objects where bucket_id = 'exports' returning name $$,
    $$ values ('2026-11-30/orders.csv') $$,
    'the uploader removes their own file no export records, and not the recorded one'
);

select * from finish();
rollback;
