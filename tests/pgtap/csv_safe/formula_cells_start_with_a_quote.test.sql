-- app.csv_safe and the export datasets: a text cell that a spreadsheet would run as a formula
-- (leading =, +, -, @, tab, carriage return) gets a leading single quote, in raw and masked
-- exports alike; other text, null, numbers, times and ids are left as they are.
begin;
select plan(8);

select results_eq(
    $$
        select app.csv_safe(v)
        from unnest(array['=1+1', '+1', '-1', '@SUM(A1)', E'\tx', E'\rx']) with ordinality as t (v, n)
        order by n
    $$,
    $$ values ('''=1+1'), ('''+1'), ('''-1'), ('''@SUM(A1)'), (E'''\tx'), (E'''\rx') $$,
    'each formula-starting character gets a leading quote'
);
select results_eq(
    $$ select app.csv_safe(v) from unnest(array['a=1', 'Samia', '', ' =1', '''=1']) with ordinality as t (v, n) order by n $$,
    $$ values ('a=1'), ('Samia'), (''), (' =1'), ('''=1') $$,
    'text that does not start a formula is kept as it is'
);
select is(app.csv_safe(null), null, 'null stays null');

select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('carla', p_phone => '+971501234567');
update app.profiles
set first_name = '=HYPERLINK("http://x")', last_name = '-Haddad', email = '@carla@example.com'
where id = tests.get_user_id('carla');
select tests.create_order_in_state('carla', 'new', p_question => '=cmd|'' /C calc''!A0');

select tests.authenticate_as('sara');
select (app.export_begin(array['orders', 'moderation', 'audit'], now() - interval '1 day', now() + interval '1 minute', true, 'test: audit')).id as raw_id \gset
select set_config('app.export_id', :'raw_id', true);
select results_eq(
    'select client_name, client_email, question, priority from app.export_orders',
    $$ values ('''=HYPERLINK("http://x") -Haddad', '''@carla@example.com', '''=cmd|'' /C calc''!A0', 0::smallint) $$,
    'a raw orders export quotes the name, email and question that would run as formulas'
);

select tests.authenticate_as('adam');
select (app.export_begin(array['orders'], now() - interval '1 day', now() + interval '1 minute')).id as masked_id \gset
select set_config('app.export_id', :'masked_id', true);
select results_eq(
    'select client_name, client_email from app.export_orders',
    $$ values ('''=. -.', '''@c***@example.com') $$,
    'a masked export quotes a masked value that starts a formula too'
);

select tests.authenticate_as('sara');
select public.block_profile(tests.get_user_id('rita'), '+1 rude to a client');
select set_config('app.export_id', :'raw_id', true);
select results_eq(
    'select action, reason from app.export_moderation',
    $$ values ('block', '''+1 rude to a client') $$,
    'a raw moderation export quotes a reason that starts a formula'
);

-- a request id that starts a formula reaches the log as written, and leaves it quoted
reset role;
insert into app.audit_log (actor_id, actor_role, event, entity_type, entity_id, request_id)
values (null, null, 'test.event', 'profile', '-1', '=1+1');
select tests.authenticate_as('sara');
select results_eq(
    $$ select entity_id, request_id from app.export_audit where event = 'test.event' $$,
    $$ values ('''-1', '''=1+1') $$,
    'an audit export quotes an entity id and a request id that start a formula'
);
select isnt(
    (select count(*)::integer from app.export_orders), 0,
    'the orders export still has its rows'
);

select * from finish();
rollback;
