-- app.ops_result_drafts: the AI-assist figures of ops_metrics, read past the order_results
-- policy (a definer) and so only for admins and superadmins; counts and means only.
begin;
select plan(6);

select tests.create_user('carla', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_order_in_state('carla', 'awaiting_approval', 'rita') as order_id \gset
update app.orders set submitted_at = '2026-11-01 10:00:00+00' where id = :'order_id';

select tests.authenticate_as('adam');
select results_eq(
    $$
        select is_total, stats ->> 'results', stats ->> 'results_with_drafts'
        from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day')
        order by is_total
    $$,
    $$ values (0, '1', '0'), (1, '1', '0') $$,
    'an admin gets the day''s results and the total'
);
select tests.authenticate_as('sara');
select lives_ok(
    $$ select * from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day') $$,
    'a superadmin may read them'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$ select * from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day') $$,
    '42501', null, 'a monitor may not'
);
select tests.authenticate_as('carla');
select throws_ok(
    $$ select * from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day') $$,
    '42501', null, 'the order''s client may not'
);
select tests.clear_authentication();
select throws_ok(
    $$ select * from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day') $$,
    '42501', null, 'anon may not'
);
select tests.authenticate_as_service_role();
select throws_ok(
    $$ select * from app.ops_result_drafts('2026-11-01', '2026-11-02', 'day') $$,
    '42501', null, 'the service role may not'
);

select * from finish();
rollback;
