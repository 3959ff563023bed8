-- job_end_stuck_calls: a live call whose reader or client has been blocked is ended, with the
-- reason party_blocked, before any other verdict; calls of unblocked parties are left alone.
-- app.call_record_end then keeps that reason.
begin;
select plan(4);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.freeze_time('2026-12-01 10:00:00+00');
-- o1: alice with rita, under way; o2: bob with rob, under way
select tests.create_booked_call('alice', 'rita', '2026-12-01 10:00:00+00', 60) as o1 \gset
select tests.create_booked_call('bob', 'rob', '2026-12-01 10:00:00+00', 60) as o2 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, reader_joined_at,
    client_joined_at, started_at, last_event_at
)
values
(
    :'o1', 'bk_' || :'o1', 3600, 'in_progress', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00'
),
(
    :'o2', 'bk_' || :'o2', 3600, 'in_progress', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00'
);

select tests.freeze_time('2026-12-01 10:05:00+00');
select tests.authenticate_as_service_role();
select is(
    jsonb_array_length(app.job_end_stuck_calls() -> 'calls'), 0,
    'calls under way with unblocked parties are left alone'
);

select tests.clear_authentication();
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('alice');
select tests.authenticate_as_service_role();
select is(
    (
        select jsonb_object_agg(c ->> 'order_id', c ->> 'reason')
        from jsonb_array_elements(app.job_end_stuck_calls() -> 'calls') as c
    ),
    jsonb_build_object(:'o1', 'party_blocked'),
    'the call of a blocked client is ended, with its reason'
);

select is(
    app.call_record_end(
        (select c.id from app.calls as c where c.order_id = :'o1'), 'party_blocked'
    ),
    'party_blocked',
    'the end is recorded with that reason'
);
select throws_ok(
    format(
        $$ update app.calls set end_reason = 'completed' where order_id = %L $$, :'o1'
    ),
    'VCBCK', null, 'and it stays: a blocked party''s end is not rewritten by later callbacks'
);

select * from finish();
rollback;
