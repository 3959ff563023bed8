-- create_order spends the `orders` limit on every order and `orders_astro` on astro orders,
-- per client (app.rate_limit_take); over the limit is PT429 (HTTP 429).
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

update app.app_settings set value = '{"capacity": 3, "refill_seconds": 3600}'
where key = 'rate_limit.orders';
update app.app_settings set value = '{"capacity": 1, "refill_seconds": 86400}'
where key = 'rate_limit.orders_astro';

select tests.authenticate_as('alice');
select is(public.create_order('astro', 'Chart 1') ->> 'status', 'new', 'the first astro order passes');
select throws_ok(
    $$ select public.create_order('astro', 'Chart 2') $$,
    'PT429', null, 'the second astro order of the day is over the astro limit'
);
select is(public.create_order('tarot', 'Cards 1') ->> 'status', 'new', 'a tarot order still passes');
select is(
    public.create_order('tarot', 'Cards 2') ->> 'status', 'new',
    'the refused astro order spent no token of the orders limit'
);
select throws_ok(
    $$ select public.create_order('tarot', 'Cards 3') $$,
    'PT429', null, 'the fourth order within the hour is over the orders limit'
);
select throws_ok(
    $$ select public.create_order('tarot', '') $$,
    'ORDQE', null, 'validation errors come before the rate limit'
);
select is(
    (select count(*)::integer from app.orders as o where o.client_id = auth.uid()),
    3,
    'only the admitted orders exist'
);
select tests.authenticate_as('bob');
select is(
    public.create_order('tarot', 'Mine') ->> 'status', 'new', 'another client has their own budget'
);

select * from finish();
rollback;
