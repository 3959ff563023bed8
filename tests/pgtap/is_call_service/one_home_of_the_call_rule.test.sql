-- app.is_call_service answers from app.services.is_call, and it is the one home of that rule:
-- booking a call (app.book_call_slot) and the booking a call order needs
-- (app.orders_require_call_booking) ask it instead of reading the flag themselves.
begin;
select plan(6);

select ok(app.is_call_service('direct_call'), 'direct_call is a call service');
select ok(not app.is_call_service('tarot'), 'a tarot reading is not');
select ok(not app.is_call_service('no_such_service'), 'an unknown code is not');
select ok(not app.is_call_service(null), 'nor is a null code');

select is(
    (
        select pg_catalog.array_agg(p.proname::text order by p.proname)
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'app'::regnamespace
            and p.prosrc ~ 'app\.is_call_service\('
    ),
    array['book_call_slot', 'orders_require_call_booking'],
    'both rules that depend on it ask app.is_call_service'
);
select is_empty(
    $$
        select p.proname from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'public'::regnamespace)
            and p.proname <> 'is_call_service'
            and p.prosrc ~ '\.is_call\M'
    $$,
    'no other function reads app.services.is_call itself'
);

select * from finish();
rollback;
