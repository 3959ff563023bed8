-- order_results_select_authenticated, written as the order lookup with the inlinable rule
-- app.order_result_released: whoever sees the order sees its result, except its client before
-- delivery; nobody who cannot see the order sees its result. And the rule itself.
begin;
select plan(11);

select is(
    array[
        app.order_result_released(
            '00000000-0000-0000-0000-000000000001', 'awaiting_approval',
            '00000000-0000-0000-0000-000000000001'
        ),
        app.order_result_released(
            '00000000-0000-0000-0000-000000000001', 'delivered',
            '00000000-0000-0000-0000-000000000001'
        ),
        app.order_result_released(
            '00000000-0000-0000-0000-000000000001', 'awaiting_approval',
            '00000000-0000-0000-0000-000000000002'
        )
    ],
    array[false, true, true],
    'the rule holds a result back from its client until delivery, from nobody else'
);

select tests.create_client_who_may_order('alice');
select tests.create_user('bella', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('mia', 'monitor');
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as aw \gset
select tests.create_order_in_state('alice', 'delivered', 'rita') as dl \gset
update app.profiles set is_blocked = true, blocked_at = now() where id = tests.get_user_id('mia');

select tests.authenticate_as('alice');
select results_eq(
    $$ select order_id from app.order_results $$,
    format($$ values (%L::uuid) $$, :'dl'),
    'the client reads the result of the delivered order only'
);
select is_empty(
    format($$ select 1 from app.order_results where order_id = %L $$, :'aw'),
    'the client reads no result awaiting approval, even asked for by id'
);

select tests.authenticate_as('rita');
select results_eq(
    $$ select count(*)::integer from app.order_results $$,
    array[2],
    'the assigned reader reads both results'
);
select tests.authenticate_as('rob');
select is_empty($$ select 1 from app.order_results $$, 'another reader reads none');
select tests.authenticate_as('bella');
select is_empty($$ select 1 from app.order_results $$, 'another client reads none');
select tests.authenticate_as('mona');
select results_eq(
    format(
        $$ select count(*)::integer from app.order_results where order_id in (%L, %L) $$,
        :'aw', :'dl'
    ),
    array[2],
    'a monitor reads both results, the one awaiting approval too'
);
select tests.authenticate_as('mia');
select is_empty($$ select 1 from app.order_results $$, 'a blocked monitor reads none');

-- the bucket's policy shares the rule through app.order_result_visible
select tests.authenticate_as('alice');
select is(
    array[app.order_result_visible(:'aw'), app.order_result_visible(:'dl')],
    array[false, true],
    'the audio''s rule agrees with the table''s for the client'
);
select tests.authenticate_as('mona');
select is(app.order_result_visible(:'aw'), true, 'and for staff');

select tests.clear_authentication();
select throws_ok(
    $$ select 1 from app.order_results $$,
    '42501', null, 'anon cannot read results at all'
);

select * from finish();
rollback;
