-- storage.objects, bucket order-results: the assigned reader uploads while working on the
-- order; the client reads only once it is delivered, the reader and staff any time; nobody
-- else, and a blocked user nothing.
begin;
select plan(18);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: working') as working \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: assigned') as assigned \gset
select tests.create_order_in_state('alice', 'delivered', 'rita', 'test: done') as done \gset

-- uploads
select tests.authenticate_as('rita');
select lives_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'working' || '/reading'
    ),
    'the assigned reader uploads the result of the order they work on'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'assigned' || '/reading'
    ),
    '42501', null, 'the reader cannot upload before starting the order'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'done' || '/late'
    ),
    '42501', null, 'the reader cannot upload once the order is delivered'
);
select tests.authenticate_as('rob');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'working' || '/rob'
    ),
    '42501', null, 'a reader not assigned cannot upload'
);
select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'working' || '/alice'
    ),
    '42501', null, 'the client cannot upload a result'
);
select tests.authenticate_as('mona');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'working' || '/mona'
    ),
    '42501', null, 'a monitor cannot upload a result'
);

-- the delivered order's file, stored by the platform
reset role;
insert into storage.objects (bucket_id, name, owner_id)
values ('order-results', :'done' || '/reading', tests.get_user_id('rita')::text);

-- reads
select tests.authenticate_as('alice');
select results_eq(
    $$ select name from storage.objects where bucket_id = 'order-results' $$,
    format($$ values (%L) $$, :'done' || '/reading'),
    'the client reads the delivered result only, not the one in progress'
);
select tests.authenticate_as('bob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-results' $$,
    'another client reads nothing'
);
select tests.authenticate_as('rita');
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'order-results'), 2,
    'the assigned reader reads both results'
);
select tests.authenticate_as('rob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-results' $$,
    'a reader not assigned reads nothing'
);
select tests.authenticate_as('mona');
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'order-results'), 2,
    'a monitor reads every result, delivered or not'
);
select tests.authenticate_as('adam');
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'order-results'), 2,
    'an admin reads every result'
);
select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-results' $$,
    'anon reads nothing'
);

-- nobody overwrites or moves a stored result (no update policy)
select tests.authenticate_as('rita');
select is_empty(
    $$ update storage.objects set name = name || '2' where bucket_id = 'order-results'
       returning 1 $$,
    'the reader cannot rename a stored result'
);
select tests.authenticate_as('adam');
select is_empty(
    $$ update storage.objects set metadata = '{}' where bucket_id = 'order-results'
       returning 1 $$,
    'an admin cannot change a stored result'
);

-- blocked
reset role;
select app.set_profile_block(tests.get_user_id('alice'), true, 'test')
from (select tests.authenticate_as('adam')) as a;
reset role;
select app.set_profile_block(tests.get_user_id('rita'), true, 'test')
from (select tests.authenticate_as('adam')) as a;
reset role;
select tests.authenticate_as('alice');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-results' $$,
    'a blocked client reads nothing, delivered or not'
);
select tests.authenticate_as('rita');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-results' $$,
    'a blocked reader reads nothing'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'working' || '/blocked'
    ),
    '42501', null, 'a blocked reader cannot upload'
);

select * from finish();
rollback;
