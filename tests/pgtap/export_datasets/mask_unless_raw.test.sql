-- The dataset views app.export_<dataset>, read for the export app.export_id names: masked for an
-- export that is not raw, raw only for the superadmin who started a raw export; nobody reads
-- someone else's export, and a refusal fails the whole query.
begin;
select plan(12);

select tests.create_user('rita', 'reader');
select tests.create_user('adam', 'admin');
select tests.create_user('alba', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_client_who_may_order('carla', p_phone => '+971501234567');
update app.profiles
set first_name = 'سامية', last_name = 'Haddad', email = 'carla@example.com'
where id = tests.get_user_id('carla');
select tests.create_order_in_state('carla', 'new');

select tests.authenticate_as('adam');
select (app.export_begin(array['orders'], now() - interval '1 day', now() + interval '1 minute')).id as masked_id \gset
select set_config('app.export_id', :'masked_id', true);
select results_eq(
    'select client_name, client_email, client_phone, question from app.export_orders',
    $$ values ('س. H.', 'ca***@example.com', '''+971***67', null::text) $$,
    'a masked export shows initials, masked contact data and no free text'
);

select tests.authenticate_as('alba');
select throws_ok(
    'select * from app.export_orders',
    '42501', null, 'another admin cannot read the export'
);
select throws_ok(
    'select count(*) from app.export_horoscopes',
    '42501', null, 'nor any dataset of it, even one with no rows in range'
);

select tests.authenticate_as('sara');
select (app.export_begin(array['orders', 'moderation'], now() - interval '1 day', now() + interval '1 minute', true, 'test: audit')).id as raw_id \gset
select set_config('app.export_id', :'raw_id', true);
select results_eq(
    'select client_name, client_email, client_phone, question from app.export_orders',
    $$ values ('سامية Haddad', 'carla@example.com', '''+971501234567', 'test: order') $$,
    'a raw export shows the data as stored'
);

select tests.authenticate_as('adam');
select throws_ok(
    'select * from app.export_orders',
    '42501', null, 'an admin cannot read a raw export'
);
select is_empty(
    format('select 1 from app.exports where id = %L', :'raw_id'),
    'an admin does not even see a raw export''s row'
);

-- a superadmin demoted after starting the raw export reads nothing raw any more
reset role;
update app.profiles set role = 'admin' where id = tests.get_user_id('sara');
select tests.authenticate_as('sara');
select throws_ok(
    'select * from app.export_orders',
    '42501', null, 'a raw export is read only while its requester is a superadmin'
);

-- moderation and audit: the reasons only raw
reset role;
update app.profiles set role = 'superadmin' where id = tests.get_user_id('sara');
select tests.authenticate_as('sara');
select public.block_profile(tests.get_user_id('rita'), 'test: rude to a client');
select results_eq(
    'select action, target_name, reason from app.export_moderation',
    $$ values ('block', null::text, 'test: rude to a client') $$,
    'a raw moderation export keeps the reason'
);
select tests.authenticate_as('adam');
select (app.export_begin(array['moderation', 'audit'], now() - interval '1 day', now() + interval '1 minute')).id as masked2 \gset
select set_config('app.export_id', :'masked2', true);
select results_eq(
    'select action, reason from app.export_moderation',
    $$ values ('block', null::text) $$,
    'a masked moderation export leaves the reason out'
);
select is_empty(
    $$ select 1 from app.export_audit where new_data ? 'reason' or old_data ? 'reason' $$,
    'a masked audit export leaves the reasons out'
);

-- no export named, or one that does not exist: every dataset refuses
select set_config('app.export_id', '', true);
select throws_ok(
    'select * from app.export_audit', '42501', null, 'with no export named, a dataset is refused'
);
select set_config('app.export_id', gen_random_uuid()::text, true);
select throws_ok(
    'select * from app.export_calls', '42501', null, 'an export that does not exist is refused'
);

select * from finish();
rollback;
