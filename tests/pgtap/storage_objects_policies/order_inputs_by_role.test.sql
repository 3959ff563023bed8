-- storage.objects, bucket order-inputs: the order's client uploads; the client, the assigned
-- reader and staff read; nobody else, and a blocked user nothing.
begin;
select plan(17);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('bob', 'new', null, 'test: o2') as o2 \gset

-- uploads
select tests.authenticate_as('alice');
select lives_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-inputs', %L, auth.uid()::text) $$,
        :'o1' || '/cup'
    ),
    'the order''s client uploads an input for it'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-inputs', %L, auth.uid()::text) $$,
        :'o2' || '/cup'
    ),
    '42501', null, 'a client cannot upload an input for another client''s order'
);
select throws_ok(
    $$ insert into storage.objects (bucket_id, name, owner_id)
       values ('order-inputs', 'not-an-order/cup', auth.uid()::text) $$,
    '42501', null, 'a key that names no order is refused, not an error of the cast'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-results', %L, auth.uid()::text) $$,
        :'o1' || '/cup'
    ),
    '42501', null, 'the client cannot put their input into the results bucket'
);
select tests.authenticate_as('rita');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-inputs', %L, auth.uid()::text) $$,
        :'o1' || '/reader'
    ),
    '42501', null, 'the assigned reader cannot upload an input'
);
select tests.authenticate_as('mona');
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-inputs', %L, auth.uid()::text) $$,
        :'o1' || '/monitor'
    ),
    '42501', null, 'a monitor cannot upload an input'
);
select tests.clear_authentication();
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name) values ('order-inputs', %L) $$,
        :'o1' || '/anon'
    ),
    '42501', null, 'anon cannot upload'
);

-- reads
select tests.authenticate_as('alice');
select results_eq(
    $$ select name from storage.objects where bucket_id = 'order-inputs' $$,
    format($$ values (%L) $$, :'o1' || '/cup'),
    'the client reads their order''s input'
);
select tests.authenticate_as('bob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'another client reads nothing'
);
select tests.authenticate_as('rita');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'the assigned reader reads the input'
);
select tests.authenticate_as('rob');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'a reader not assigned reads nothing'
);
select tests.authenticate_as('mona');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'a monitor reads the input'
);
select tests.authenticate_as('adam');
select isnt_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'an admin reads the input'
);
select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'anon reads nothing'
);

-- blocked: the client and the monitor lose everything here
reset role;
select app.set_profile_block(tests.get_user_id('alice'), true, 'test')
from (select tests.authenticate_as('adam')) as a;
select app.set_profile_block(tests.get_user_id('mona'), true, 'test')
from (select tests.authenticate_as('adam')) as a;
reset role;
select tests.authenticate_as('alice');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'a blocked client reads nothing'
);
select throws_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id)
           values ('order-inputs', %L, auth.uid()::text) $$,
        :'o1' || '/again'
    ),
    '42501', null, 'a blocked client cannot upload'
);
select tests.authenticate_as('mona');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'order-inputs' $$,
    'a blocked monitor reads nothing'
);

select * from finish();
rollback;
