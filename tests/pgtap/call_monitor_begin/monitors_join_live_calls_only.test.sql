-- call_monitor_begin: monitors listen on their verified phone only once both parties are in
-- the conference (a monitor's leg beside a reader waiting alone would start the conference,
-- its recording and its clock); whisper and barge only while their leg is in the call; a leg
-- Twilio reported finished lets the monitor listen again.
begin;
select plan(13);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('moe', 'monitor');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
select tests.give_verified_phone('mona');

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCNLV', null, 'a call still dialling cannot be joined'
);
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-join',
    0, now(), '{"ParticipantLabel": "reader"}'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCNLV', null, 'no listening while the reader waits alone (the monitor would start it)'
);
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-join',
    1, now(), '{"ParticipantLabel": "client"}'
);
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'conference-start', 2, now(), '{}'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'barge') $$, :'o1'),
    'VCNLS', null, 'no barging in before listening'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'shout') $$, :'o1'),
    'VCACT', null, 'an unknown action is refused'
);
select is(
    app.call_monitor_begin(:'o1', 'listen') ->> 'monitor_phone',
    (select phone from app.profiles where id = tests.get_user_id('mona')),
    'a monitor listens on their own verified phone once both parties are in'
);
select tests.authenticate_as_service_role();
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('mona'), 'listen',
    'CA' || repeat('b', 32)
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCLSN', null, 'a monitor listens once while their leg is in the call'
);
select is(
    app.call_monitor_begin(:'o1', 'barge') ->> 'monitor_call_sid', 'CA' || repeat('b', 32),
    'barging uses the monitor''s listening leg'
);
-- the monitor hangs up: Twilio reports their leg completed
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'call', 'CA' || repeat('b', 32), 'completed', 3, now(), '{}'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'whisper') $$, :'o1'),
    'VCNLS', null, 'no whisper through a leg that has hung up'
);
select is(
    app.call_monitor_begin(:'o1', 'listen') ->> 'monitor_phone',
    (select phone from app.profiles where id = tests.get_user_id('mona')),
    'a monitor whose leg hung up may listen again'
);
select tests.authenticate_as('moe');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCUNV', null, 'a monitor without a verified phone cannot listen'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    '42501', null, 'the reader cannot listen in as a monitor'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    '42501', null, 'the client cannot listen in as a monitor'
);
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'conference-end', 4, now(), '{}'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCNLV', null, 'an ended call cannot be joined'
);

select * from finish();
rollback;
