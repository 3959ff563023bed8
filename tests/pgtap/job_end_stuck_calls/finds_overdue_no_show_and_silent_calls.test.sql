-- job_end_stuck_calls: finds calls over their length plus grace, no-shows and silent calls,
-- with the reason; it changes nothing itself. app.call_record_end then ends them.
begin;
select plan(6);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_client_who_may_order('cleo');
select tests.create_client_who_may_order('dan');
select tests.create_client_who_may_order('eve');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('ruth', 'reader');
select tests.freeze_time('2026-12-01 10:00:00+00');
-- o1: under way since 10:00 for 15 minutes; o2: the client never came; o3: fine; o4: dialled
-- at 10:14 (booked 10:10) and never a callback since
select tests.create_booked_call('alice', 'rita', '2026-12-01 10:00:00+00', 15) as o1 \gset
select tests.create_booked_call('bob', 'rita', '2026-12-01 10:15:00+00', 15) as o2 \gset
select tests.create_booked_call('cleo', 'rita', '2026-12-01 10:30:00+00', 60) as o3 \gset
select tests.create_booked_call('dan', 'rob', '2026-12-01 10:10:00+00', 15) as o4 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, reader_joined_at,
    client_joined_at, started_at, last_event_at
)
values
(
    :'o1', 'bk_' || :'o1', 900, 'in_progress', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00',
    '2026-12-01 10:00:00+00'
),
(
    :'o2', 'bk_' || :'o2', 900, 'waiting', '2026-12-01 10:15:00+00',
    '2026-12-01 10:15:00+00', null, null, '2026-12-01 10:15:00+00'
),
(
    :'o3', 'bk_' || :'o3', 3600, 'in_progress', '2026-12-01 10:30:00+00',
    '2026-12-01 10:30:00+00', '2026-12-01 10:30:00+00', '2026-12-01 10:30:00+00',
    '2026-12-01 10:30:00+00'
),
(:'o4', 'bk_' || :'o4', 900, 'dialing', '2026-12-01 10:14:00+00', null, null, null, null);

-- o5: started at 10:15 (both parties bridged), but the client's join callback never came
select tests.create_booked_call('eve', 'ruth', '2026-12-01 10:15:00+00', 60) as o5 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, reader_joined_at,
    started_at, last_event_at
)
values (
    :'o5', 'bk_' || :'o5', 3600, 'in_progress', '2026-12-01 10:15:00+00',
    '2026-12-01 10:15:00+00', '2026-12-01 10:15:00+00', '2026-12-01 10:15:00+00'
);

select tests.freeze_time('2026-12-01 10:21:00+00');
select tests.authenticate_as_service_role();
select is(
    (
        select jsonb_object_agg(c ->> 'order_id', c ->> 'reason')
        from jsonb_array_elements(app.job_end_stuck_calls() -> 'calls') as c
    ),
    jsonb_build_object(:'o1', 'time_limit', :'o4', 'stuck'),
    'at 10:21 the 15-minute call of 10:00 is over time and the one dialled at 10:14 silent'
);
select tests.freeze_time('2026-12-01 10:26:00+00');
select is(
    (
        select jsonb_object_agg(c ->> 'order_id', c ->> 'reason')
        from jsonb_array_elements(app.job_end_stuck_calls() -> 'calls') as c
    ),
    jsonb_build_object(:'o1', 'time_limit', :'o2', 'no_show_client', :'o4', 'stuck'),
    'at 10:26 the client of 10:15 is a no-show too'
);
select tests.freeze_time('2026-12-01 10:40:00+00');
select ok(
    not app.job_end_stuck_calls() -> 'calls' @> jsonb_build_array(jsonb_build_object(
        'order_id', :'o5'
    )),
    'a call under way (its conference started) is never ended as a no-show'
);
select tests.freeze_time('2026-12-01 10:26:00+00');
select is(app.call_record_end(
    (select id from app.calls where order_id = :'o2'), 'no_show_client'
), 'no_show_client',
'the job''s verdict ends the call');
select is(
    app.call_record_end((select id from app.calls where order_id = :'o2'), 'stuck'),
    'no_show_client', 'a call that has ended keeps its own end'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select app.job_end_stuck_calls() $$, '42501', null, 'users cannot run the job'
);

select * from finish();
rollback;
