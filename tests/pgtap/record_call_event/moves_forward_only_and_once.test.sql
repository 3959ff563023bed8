-- record_call_event: Twilio's callbacks move a call forward only, each applied once, in
-- whatever order they arrive; a direct update backwards is refused (VCBCK).
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
select tests.create_booked_call('alice', 'rita', now() + interval '2 hours', 30) as o2 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o2', 'bk_' || :'o2', 1800) returning id as c2 \gset
select
    'CF' || replace(:'o1', '-', '') as cf, 'CF' || replace(:'o2', '-', '') as cf2,
    'RE' || replace(:'o1', '-', '') as re
\gset

select tests.authenticate_as_service_role();
-- in order: reader joins, client joins, conference starts, client leaves, conference ends
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'participant-join', 0,
        '2026-12-01 10:00:00+00', '{"ParticipantLabel": "reader"}'
    ) ->> 'state',
    'waiting', 'the reader joining makes the call waiting'
);
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'participant-join', 1,
        '2026-12-01 10:00:05+00', '{"ParticipantLabel": "client"}'
    ) ->> 'state',
    'waiting', 'the client joining keeps it waiting until the conference starts'
);
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'conference-start', 2,
        '2026-12-01 10:00:05+00', '{}'
    ) ->> 'state',
    'in_progress', 'the conference starting makes it in progress'
);
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'participant-join', 0,
        '2026-12-01 10:00:00+00', '{"ParticipantLabel": "reader"}'
    ),
    jsonb_build_object('call_id', :'c1'::uuid, 'state', 'in_progress', 'duplicate', true),
    'a repeated callback is recognised and changes nothing'
);
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'conference-end', 4,
        '2026-12-01 10:25:05+00', '{"ReasonConferenceEnded": "last-participant-left"}'
    )
    ->> 'state',
    'ended', 'the conference ending ends the call'
);
select is(
    app.record_call_event(
        :'c1', 'conference', :'cf', 'participant-join', 5,
        '2026-12-01 10:26:00+00', '{"ParticipantLabel": "monitor-x"}'
    ) ->> 'state',
    'ended', 'a late join never moves an ended call back'
);
select results_eq(
    format($$ select state, end_reason, duration_seconds, conference_sid from app.calls
        where id = %L $$, :'c1'),
    format($$ values ('ended', 'completed', 1500, %L) $$, :'cf'),
    'the call ended completed, lasting from conference start to end'
);
select is(
    (select count(*)::integer from app.call_events where call_id = :'c1'), 5,
    'each distinct callback is stored once'
);

-- out of order: the end arrives first; the joins that follow still land
select is(
    app.record_call_event(
        :'c2', 'conference', :'cf2', 'conference-end', 3,
        '2026-12-01 12:30:00+00', '{}'
    ) ->> 'state',
    'ended', 'an early end callback ends the call'
);
select is(
    (select end_reason from app.calls where id = :'c2'), 'no_show_both',
    'until the joins arrive, nobody is known to have joined'
);
select app.record_call_event(
    :'c2', 'conference', :'cf2', 'participant-join', 1,
    '2026-12-01 12:00:05+00', '{"ParticipantLabel": "client"}'
);
select app.record_call_event(
    :'c2', 'conference', :'cf2', 'conference-start', 2,
    '2026-12-01 12:00:05+00', '{}'
);
select app.record_call_event(
    :'c2', 'conference', :'cf2', 'participant-join', 0,
    '2026-12-01 12:00:00+00', '{"ParticipantLabel": "reader"}'
);
select results_eq(
    format($$ select state, end_reason, duration_seconds from app.calls where id = %L $$, :'c2'),
    $$ values ('ended', 'completed', 1795) $$,
    'reordered callbacks reach the same end as in-order ones'
);

select app.record_call_event(
    :'c1', 'recording', :'re', 'completed', 0, null,
    jsonb_build_object(
        'RecordingUrl', 'https://api.twilio.com/x/' || :'re',
        'RecordingDuration', '1500', 'ConferenceSid', :'cf'
    )
);
select app.record_call_event(:'c1', 'recording', :'re', 'completed', 0, null, '{}');
select results_eq(
    format($$ select purpose, bucket, duration_ms, owner_id from app.media_assets
        where order_id = %L $$, :'o1'),
    format(
        $$ values ('call_recording', 'call-recordings', 1500000, %L::uuid) $$,
        tests.get_user_id('rita')
    ),
    'a finished recording becomes one media row, owned by the reader'
);
select throws_ok(
    format($$ select app.record_call_event(%L, 'call', 'CA' || repeat('0', 32), 'ringing', 0,
        null, '{}') $$, gen_random_uuid()),
    'VCNOC', null, 'a callback for an unknown call is refused'
);

select throws_ok(
    format($$ update app.calls set state = 'in_progress' where id = %L $$, :'c1'),
    'VCBCK', null, 'not even the service role moves an ended call back'
);
select throws_ok(
    format($$ update app.calls set ended_at = now() where id = %L $$, :'c1'),
    'VCBCK', null, 'an ended call keeps its end time'
);

select tests.create_user('eve', 'client');
select tests.authenticate_as('eve');
select throws_ok(
    format($$ select app.record_call_event(%L, 'conference', %L, 'conference-end', 9, null,
        '{}') $$, :'c1', :'cf'),
    '42501', null, 'users cannot post callbacks'
);

select * from finish();
rollback;
