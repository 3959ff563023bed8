-- storage.objects, bucket call-recordings: only the service role stores a recording (the copy
-- from Twilio). Monitors, admins and superadmins read every recording; the call's client and
-- reader only while calls.recordings_visible_to_parties is true; other users and anon never;
-- a blocked monitor nothing; nobody changes or removes one.
begin;
select plan(20);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
select (:'o1' || '/RE' || repeat('a', 32)) as key1 \gset

-- writes
select tests.authenticate_as_service_role();
select lives_ok(
    format(
        $$ insert into storage.objects (bucket_id, name) values ('call-recordings', %L) $$,
        :'key1'
    ),
    'the service role stores a recording'
);
select tests.authenticate_as('mona');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('call-recordings', %L, auth.uid()::text) $$,
        :'o1' || '/mona'
    ),
    '42501', null, 'a monitor cannot store a recording'
);
select tests.authenticate_as('rita');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('call-recordings', %L, auth.uid()::text) $$,
        :'o1' || '/rita'
    ),
    '42501', null, 'the call''s reader cannot store a recording'
);
select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('call-recordings', %L, auth.uid()::text) $$,
        :'o1' || '/alice'
    ),
    '42501', null, 'the call''s client cannot store a recording'
);

-- reads, with the setting off (the default)
select tests.authenticate_as('mona');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'a monitor reads the recording'
);
select tests.authenticate_as('adam');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'an admin reads the recording'
);
select tests.authenticate_as('sara');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'a superadmin reads the recording'
);
select tests.authenticate_as('rita');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'the call''s reader does not while the setting says no'
);
select tests.authenticate_as('alice');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'the call''s client does not while the setting says no'
);
select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'anon reads nothing'
);

-- reads, with the setting on
reset role;
update app.app_settings set value = 'true' where key = 'calls.recordings_visible_to_parties';
select tests.authenticate_as('rita');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'the call''s reader reads it once the setting allows'
);
select tests.authenticate_as('alice');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'the call''s client reads it once the setting allows'
);
select tests.authenticate_as('bob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'another client never does'
);
select tests.authenticate_as('rob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'another reader never does'
);
select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'anon still reads nothing'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('alice');
select tests.authenticate_as('alice');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'a blocked client does not'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('mona');
select tests.authenticate_as('mona');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'call-recordings' $$,
    'a blocked monitor does not'
);

-- nobody changes or removes a stored recording (Storage's own guard lets deletes through
-- only when asked, as the Storage API asks)
select set_config('storage.allow_delete_query', 'true', true);
select tests.authenticate_as('adam');
select is_empty(
    $$ update storage.objects set metadata = '{}' where bucket_id = 'call-recordings'
       returning 1 $$,
    'an admin cannot change a recording'
);
select is_empty(
    $$ delete from storage.objects where bucket_id = 'call-recordings' returning 1 $$,
    'an admin cannot remove a recording'
);
select tests.authenticate_as('rita');
select is_empty(
    $$ delete from storage.objects where bucket_id = 'call-recordings' returning 1 $$,
    'the call''s reader cannot remove a recording'
);

select * from finish();
rollback;
