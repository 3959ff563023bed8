-- start_order on a call: its reader starts it only from calls.initiate_window_minutes (10)
-- before the booked start (CLERL). A started call is past its client's reach, so a reader who could
-- start it any time could take away the client's free cancellation days ahead.
begin;
select plan(6);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 12:00Z', 30)
    ->> 'order_id'
) as call_id
\gset

select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'call_id'),
    'CLERL', null, 'the reader cannot start a call two days ahead'
);
select is(
    tests.error_detail(format($$ select public.start_order(%L) $$, :'call_id'))::jsonb,
    '{"starts_at": "2026-06-03T12:00:00+00:00", "earliest": "2026-06-03T11:50:00+00:00",
      "window_minutes": 10}'::jsonb,
    'the refusal says from when the call may start'
);

select tests.authenticate_as('alice');
select is(
    public.cancel_call(:'call_id', 'changed my mind') ->> 'status', 'cancelled',
    'so the client still cancels within the policy'
);

select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 14:00Z', 30)
    ->> 'order_id' as second_id
\gset
select tests.freeze_time('2026-06-03 13:49Z');
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'second_id'),
    'CLERL', null, 'eleven minutes before the start is too early'
);
select tests.freeze_time('2026-06-03 13:50Z');
select is(
    public.start_order(:'second_id') ->> 'status', 'in_progress',
    'ten minutes before the start the reader starts the call'
);

reset role;
update app.app_settings set value = '180' where key = 'calls.initiate_window_minutes';
select tests.authenticate_as('alice');
select
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 16:00Z', 30)
    ->> 'order_id' as third_id
\gset
select tests.authenticate_as('rita');
select is(
    public.start_order(:'third_id') ->> 'status', 'in_progress', 'the window is a setting'
);

select * from finish();
rollback;
