-- call_monitor_begin: monitors listen to live calls on their verified phone, once; whisper and
-- barge only while listening; a whisper needs the reader in the conference.
begin;
select plan(9);

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
    0, now(), '{"ParticipantLabel": "client"}'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'whisper') $$, :'o1'),
    'VCNLV', null, 'no whisper while the reader is not in the conference'
);
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
    'a monitor listens on their own verified phone'
);
select tests.authenticate_as_service_role();
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('mona'), 'listen',
    'CA' || repeat('b', 32)
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCLSN', null, 'a monitor listens once'
);
select is(
    app.call_monitor_begin(:'o1', 'barge') ->> 'monitor_call_sid', 'CA' || repeat('b', 32),
    'barging uses the monitor''s listening leg'
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

select * from finish();
rollback;
