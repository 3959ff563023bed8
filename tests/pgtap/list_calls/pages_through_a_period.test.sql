-- list_calls: a period with more calls than a page comes a page at a time, soonest first,
-- each call exactly once, with next_cursor to the next page and none after the last; a page
-- size out of 1..500 (CLSIZ) or a cursor that is not one (CLCUR) is refused. Nothing is cut
-- off silently.
begin;
select plan(11);

select tests.create_reader_available('rita', '00:00', '24:00', 'UTC');
select tests.create_reader_available('rob', '00:00', '24:00', 'UTC');
select tests.create_user('mona', 'monitor');
select tests.freeze_time('2026-06-01 00:00Z');

-- five calls: four of rita's at 10:00, 11:00, 12:00, 13:00, one of rob's at 10:00, each with
-- its own client
select pg_catalog.count(tests.create_client_who_may_order('client_' || c.n))
from pg_catalog.generate_series(1, 4) as c (n);
select
    pg_catalog.count(tests.create_booked_call(
        'client_' || c.n, 'rita',
        '2026-06-02 09:00Z'::timestamptz + pg_catalog.make_interval(hours => c.n), 30
    ))
from pg_catalog.generate_series(1, 4) as c (n);
select tests.create_client_who_may_order('carl');
select tests.create_booked_call('carl', 'rob', '2026-06-02 10:00Z', 30) as rob_call \gset

select tests.authenticate_as('mona');
select public.list_calls('2026-06-02', '2026-06-03', null, 2) as page1 \gset
select is(
    jsonb_array_length(:'page1'::jsonb -> 'calls'), 2, 'a page holds at most p_limit calls'
);
select isnt(:'page1'::jsonb ->> 'next_cursor', null, 'a page with more after it has a cursor');
select
    public.list_calls('2026-06-02', '2026-06-03', null, 2, :'page1'::jsonb ->> 'next_cursor')
        as page2
\gset
select
    public.list_calls('2026-06-02', '2026-06-03', null, 2, :'page2'::jsonb ->> 'next_cursor')
        as page3
\gset
select is(
    :'page3'::jsonb -> 'next_cursor', 'null'::jsonb, 'the last page has no cursor'
);
select is(
    array(
        select c ->> 'starts_at'
        from jsonb_array_elements(
            (:'page1'::jsonb -> 'calls') || (:'page2'::jsonb -> 'calls')
            || (:'page3'::jsonb -> 'calls')
        ) as c
    ),
    array[
        '2026-06-02T10:00:00+00:00', '2026-06-02T10:00:00+00:00', '2026-06-02T11:00:00+00:00',
        '2026-06-02T12:00:00+00:00', '2026-06-02T13:00:00+00:00'
    ],
    'the pages together hold every call once, soonest first'
);
select is(
    (
        select count(distinct c ->> 'order_id')::integer
        from jsonb_array_elements(
            (:'page1'::jsonb -> 'calls') || (:'page2'::jsonb -> 'calls')
            || (:'page3'::jsonb -> 'calls')
        ) as c
    ),
    5, 'two calls at one time are split across pages without loss or repeat'
);
select is(
    public.list_calls('2026-06-02', '2026-06-03') -> 'next_cursor', 'null'::jsonb,
    'a period that fits one page (100 by default) has no cursor'
);
select is(
    jsonb_array_length(
        public.list_calls('2026-06-02', '2026-06-03', tests.get_user_id('rob'), 1) -> 'calls'
    ),
    1, 'the reader filter still applies'
);

select throws_ok(
    $$ select public.list_calls('2026-06-02', '2026-06-03', null, 501) $$,
    'CLSIZ', null, 'a page over 500 calls is refused'
);
select throws_ok(
    $$ select public.list_calls('2026-06-02', '2026-06-03', null, 0) $$,
    'CLSIZ', null, 'an empty page is refused'
);
select throws_ok(
    $$ select public.list_calls('2026-06-02', '2026-06-03', null, 10, 'not a cursor') $$,
    'CLCUR', null, 'a cursor that is not one is refused'
);
select is(
    tests.error_detail($$ select public.list_calls(null, null, null, null) $$),
    '{"limit": null, "max_limit": 500}'::jsonb, 'the refusal names the largest page'
);

select * from finish();
rollback;
