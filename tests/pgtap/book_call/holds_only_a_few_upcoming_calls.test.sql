-- book_call: a client holds at most calls.max_upcoming_calls (5) calls that have not ended
-- (CLCAP), so one account cannot take a reader's whole calendar and cancel it free of charge
-- before the cutoff. Cancelled and past calls do not count; rescheduling is not a new call.
begin;
select plan(7);

select tests.create_reader_available('rita', '00:00', '24:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.freeze_time('2026-02-02 12:00Z');

select tests.authenticate_as('alice');
select public.book_call(tests.get_user_id('rita'), 'direct_call', d, 60) ->> 'order_id'
from unnest(array[
    '2026-02-10 10:00Z', '2026-02-11 10:00Z', '2026-02-12 10:00Z', '2026-02-13 10:00Z'
]::timestamptz[]) as d;
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-02-14 10:00Z', 60)
    ->> 'order_id' as fifth
\gset

select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-15 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'CLCAP', null, 'a sixth upcoming call is refused'
);
select is(
    tests.error_detail(format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-15 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ))::jsonb,
    '{"upcoming_calls": 5, "max_upcoming_calls": 5}'::jsonb,
    'the refusal says how many calls the client holds and the limit'
);
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-02-16 10:00Z') $$, :'fifth'),
    'a client at the limit may still move a call'
);

select tests.authenticate_as('bob');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-15 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'another client books the slot: the limit is per client'
);

select tests.authenticate_as('alice');
select public.cancel_call(:'fifth', 'another day');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-17 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a cancelled call frees its place'
);

select tests.freeze_time('2026-02-10 11:30Z');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-18 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'a call that has ended frees its place'
);

reset role;
update app.app_settings set value = '6' where key = 'calls.max_upcoming_calls';
select tests.authenticate_as('alice');
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-02-19 10:00Z', 60) $$,
        tests.get_user_id('rita')
    ),
    'the limit is a setting'
);

select * from finish();
rollback;
