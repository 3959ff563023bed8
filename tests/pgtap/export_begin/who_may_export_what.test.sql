-- app.export_begin: admins export masked data; raw data only a superadmin, with a reason,
-- audited; bad ranges (OPSRG) and unknown or missing datasets (EXPDS) are refused and nothing
-- is recorded.
begin;
select plan(17);

select tests.create_user('carla', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    '42501', null, 'anon cannot export'
);
select tests.authenticate_as('carla');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    '42501', null, 'a client cannot export'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    '42501', null, 'a reader cannot export'
);
select tests.authenticate_as('mona');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    '42501', null, 'a monitor cannot export'
);

select tests.authenticate_as('adam');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now(), true, 'audit') $$,
    '42501', null, 'an admin cannot export raw data'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], now(), now() - interval '1 day') $$,
    'OPSRG', null, 'a reversed range is refused'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], null, now()) $$,
    'OPSRG', null, 'a range without a start is refused'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '400 days', now()) $$,
    'OPSRG', null, 'a range over 366 days is refused'
);
select throws_ok(
    $$ select app.export_begin(array['orders', 'payments'], now() - interval '1 day', now()) $$,
    'EXPDS', null, 'an unknown dataset is refused'
);
select throws_ok(
    $$ select app.export_begin(array[]::text[], now() - interval '1 day', now()) $$,
    'EXPDS', null, 'an export of nothing is refused'
);
select is(
    (app.export_begin(array['audit', 'orders', 'audit'], now() - interval '1 day', now())).datasets,
    array['audit', 'orders'],
    'an admin starts a masked export; a repeated dataset counts once, in the order given'
);

select tests.authenticate_as('sara');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now(), true) $$,
    'RSNRQ', null, 'a raw export needs a reason'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now(), true, '  ') $$,
    'RSNRQ', null, 'a blank reason is no reason'
);
select app.export_begin(
    array['orders'], now() - interval '1 day', now(), true, 'test: a court order'
) as raw_export \gset
select ok(
    (select e.raw and e.storage_path like 'raw/%' from app.exports as e where e.reason = 'test: a court order'),
    'a superadmin starts a raw export, stored under raw/'
);

reset role;
select is(
    (
        select l.new_data ->> 'reason'
        from app.audit_log as l
        where l.event = 'export.raw' and l.actor_id = tests.get_user_id('sara')
    ),
    'test: a court order',
    'the raw export wrote an audit row with its reason'
);
select is(
    (select count(*)::integer from app.exports),
    2,
    'only the two accepted exports were recorded'
);
select ok(
    (
        select bool_and(e.expires_at > now() + interval '49 days' and e.storage_path like '%' || e.id || '.zip')
        from app.exports as e
    ),
    'each export expires after the retention period and is stored under its own id'
);

select * from finish();
rollback;
