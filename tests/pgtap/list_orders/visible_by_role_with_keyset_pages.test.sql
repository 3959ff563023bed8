-- list_orders: the role matrix, the status filter, keyset pages and bad arguments.
begin;
select plan(17);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'new', null, 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'new', null, 'test: o3') as o3 \gset
select tests.create_order_in_state('bob', 'new', null, 'test: o4') as o4 \gset

-- distinct creation times, oldest first: o1, o2, o3, o4
update app.orders as o set created_at = now() - interval '1 hour' * t.age
from (values (:'o1'::uuid, 4), (:'o2'::uuid, 3), (:'o3'::uuid, 2), (:'o4'::uuid, 1)) as t (id, age)
where o.id = t.id;

select tests.clear_authentication();
select throws_ok(
    $$ select public.list_orders() $$,
    '42501', null, 'anon cannot list orders'
);
select tests.authenticate_as('alice');
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)),
    array['test: o3', 'test: o2', 'test: o1'],
    'a client lists their own orders, newest first'
);
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders('assigned') -> 'orders') as x)),
    array['test: o1'],
    'the status filter applies'
);
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders(null, 2) -> 'orders') as x)),
    array['test: o3', 'test: o2'],
    'the limit caps the page'
);
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders(null, 2, public.list_orders(null, 2) ->> 'next_cursor') -> 'orders') as x)),
    array['test: o1'],
    'the cursor continues after the last row of the previous page'
);
select is(
    public.list_orders(null, 3) -> 'next_cursor',
    'null'::jsonb,
    'the last page has no next cursor'
);
select throws_ok($$ select public.list_orders(null, 0) $$, 'ORDLM', null, 'a limit of 0 is refused');
select throws_ok($$ select public.list_orders(null, 101) $$, 'ORDLM', null, 'a limit over 100 is refused');
select throws_ok($$ select public.list_orders(null, null) $$, 'ORDLM', null, 'a null limit is refused');
select throws_ok(
    $$ select public.list_orders(null, 10, 'not a cursor') $$, 'ORDCR', null, 'a malformed cursor is refused'
);
select throws_ok(
    $$ select public.list_orders('shipped') $$, 'ORDLS', null, 'an unknown status is refused'
);
select tests.authenticate_as('bob');
select is((select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)), array['test: o4'], 'another client lists only theirs');
select tests.authenticate_as('rita');
select is((select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)), array['test: o1'], 'a reader lists their assignments');
select tests.authenticate_as('rob');
select is((select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)), array[]::text[], 'another reader with no assignment lists nothing');
select tests.authenticate_as('mona');
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)),
    array['test: o4', 'test: o3', 'test: o2', 'test: o1'],
    'staff (mona) list every order'
);
select tests.authenticate_as('adam');
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)),
    array['test: o4', 'test: o3', 'test: o2', 'test: o1'],
    'staff (adam) list every order'
);
select tests.authenticate_as('sara');
select is(
    (select array(select x ->> 'question' from jsonb_array_elements(public.list_orders() -> 'orders') as x)),
    array['test: o4', 'test: o3', 'test: o2', 'test: o1'],
    'staff (sara) list every order'
);

select * from finish();
rollback;
