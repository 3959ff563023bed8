-- System settings: admins and superadmins read them; nobody writes them directly.
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

insert into app.app_settings (key, value, description)
values ('test.setting', '{"on": true}', 'a test setting');

select tests.authenticate_as('alice');

select is_empty(
    $$ select 1 from app.app_settings $$,
    'a client reads no settings'
);

select tests.authenticate_as('mona');

select is_empty(
    $$ select 1 from app.app_settings $$,
    'a monitor reads no settings'
);

select tests.authenticate_as('adam');

select results_eq(
    $$ select s.value from app.app_settings as s where s.key = 'test.setting' $$,
    $$ values ('{"on": true}'::jsonb) $$,
    'an admin reads settings'
);
select throws_ok(
    $$ update app.app_settings set value = '{"on": false}' where key = 'test.setting' $$,
    '42501', null, 'an admin cannot change settings directly'
);

select tests.authenticate_as('sara');

select results_eq(
    $$ select s.value from app.app_settings as s where s.key = 'test.setting' $$,
    $$ values ('{"on": true}'::jsonb) $$,
    'a superadmin reads settings'
);
select throws_ok(
    $$ insert into app.app_settings (key, value) values ('test.other', '1') $$,
    '42501', null, 'a superadmin cannot insert settings directly'
);

select tests.authenticate_as_service_role();

select is(
    (select count(*)::integer from app.app_settings as s where s.key = 'test.setting'),
    1,
    'the service role reads settings'
);

select tests.clear_authentication();

select throws_ok(
    $$ select 1 from app.app_settings $$,
    '42501', null, 'anon cannot read settings'
);

select * from finish();
rollback;
