-- call_monitor_begin: one live listening leg per monitor and call. Twilio's callbacks record
-- the leg leaving (a participant-leave, or the leg's final status), once and in any order;
-- then the monitor may listen again, and whisper or barge only on a new leg.
begin;
select plan(12);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('moe', 'monitor');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
select tests.give_verified_phone('mona');
select tests.give_verified_phone('moe');

select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-join',
    0, now(), '{"ParticipantLabel": "reader"}'
);
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-join',
    1, now(), '{"ParticipantLabel": "client"}'
);
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'conference-start', 2, now(), '{}'
);
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('mona'), 'listen', 'CA' || repeat('1', 32)
);
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('moe'), 'listen', 'CA' || repeat('2', 32)
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCLSN', null, 'a monitor whose leg is in the conference cannot listen twice'
);

-- the leg leaves: the conference's participant-leave, delivered twice
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-leave',
    5, now(), jsonb_build_object('CallSid', 'CA' || repeat('1', 32), 'ParticipantLabel', 'x')
);
select is(
    app.record_call_event(
        :'c1', 'conference', 'CF' || repeat('a', 32), 'participant-leave',
        5, now(), jsonb_build_object('CallSid', 'CA' || repeat('1', 32))
    ) ->> 'duplicate',
    'true', 'a repeated leave callback is a duplicate'
);
select isnt(
    (
        select left_at from app.call_monitor_actions
        where participant_call_sid = 'CA' || repeat('1', 32)
    ),
    null, 'the leave is recorded on the monitor''s listen'
);
select is(
    (select state from app.calls where id = :'c1'), 'in_progress',
    'a monitor leaving does not move the call'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'barge') $$, :'o1'),
    'VCNLS', null, 'a monitor whose leg left cannot barge in on it'
);
select is(
    app.call_monitor_begin(:'o1', 'listen') ->> 'monitor_phone',
    (select phone from app.profiles where id = tests.get_user_id('mona')),
    'a monitor whose leg left may listen again'
);
select tests.authenticate_as_service_role();
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('mona'), 'listen', 'CA' || repeat('3', 32)
);
select tests.authenticate_as('mona');
select is(
    app.call_monitor_begin(:'o1', 'whisper') ->> 'monitor_call_sid', 'CA' || repeat('3', 32),
    'whispering uses the new leg'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'VCLSN', null, 'and the new leg is the one live leg again'
);

-- one live leg per monitor holds for every writer
select tests.authenticate_as_service_role();
select throws_ok(
    format(
        $$ select app.call_record_monitor_action(%L, %L, 'listen', %L) $$,
        :'c1', tests.get_user_id('mona'), 'CA' || repeat('4', 32)
    ),
    '23505', null, 'a second live leg of one monitor is refused'
);

-- the leg's own final status counts as leaving too (moe's leg ends without a conference leave)
select app.record_call_event(
    :'c1', 'call', 'CA' || repeat('2', 32), 'completed',
    3, now(), jsonb_build_object('CallSid', 'CA' || repeat('2', 32))
);
select tests.authenticate_as('moe');
select lives_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'a monitor whose leg completed may listen again'
);

-- a leave that arrives before the listen is recorded still counts
select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'call', 'CA' || repeat('5', 32), 'no-answer',
    2, now(), jsonb_build_object('CallSid', 'CA' || repeat('5', 32))
);
select app.call_record_monitor_action(
    :'c1', tests.get_user_id('moe'), 'listen', 'CA' || repeat('5', 32)
);
select isnt(
    (
        select left_at from app.call_monitor_actions
        where participant_call_sid = 'CA' || repeat('5', 32)
    ),
    null, 'a listen whose leg already left is recorded as left'
);
select tests.authenticate_as('moe');
select lives_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'so its monitor may listen again at once'
);

select * from finish();
rollback;
