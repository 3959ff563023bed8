-- The calls surface, role by role (anon, two clients, two readers, a monitor, an admin, a
-- superadmin), asserted by SQLSTATE: who starts a call, who supervises it, who sees it, and
-- that the service-side steps are closed to every user.
begin;
select plan(36);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.give_verified_phone('mona');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, conference_sid,
    reader_joined_at, client_joined_at, started_at
)
values (:'o1', 'bk_' || :'o1', 1800, 'in_progress', 'CF' || repeat('c', 32), now(), now(), now())
returning id as c1 \gset

-- anon: nothing at all
select tests.clear_authentication();
select throws_ok(
    format($$ select public.get_call(%L) $$, :'o1'), '42501', null,
    'anon cannot read a call'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'anon cannot start a call'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'), '42501',
    null, 'anon cannot listen'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'x') $$, :'o1'), '42501', null,
    'anon cannot drop a call'
);

-- clients: the own call is visible, nothing else is allowed
select tests.authenticate_as('alice');
select is(public.get_call(:'o1') ->> 'state', 'in_progress', 'the client sees their call');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'the client cannot start the call'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'), '42501',
    null, 'the client cannot listen'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'x') $$, :'o1'), '42501', null,
    'the client cannot drop the call'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.get_call(%L) $$, :'o1'), 'VCNOC', null,
    'another client does not see the call'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'another client cannot start it'
);

-- readers: the booked reader sees it (its start is tested in call_initiate_begin); another
-- reader neither sees nor starts it; no reader supervises
select tests.authenticate_as('rita');
select is(public.get_call(:'o1') ->> 'state', 'in_progress', 'the reader sees their call');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), 'VCEXS', null,
    'the booked reader reaches the rules (the call has started)'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'), '42501',
    null, 'the reader cannot listen as a monitor'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'x') $$, :'o1'), '42501', null,
    'the reader cannot drop the call'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.get_call(%L) $$, :'o1'), 'VCNOC', null,
    'another reader does not see the call'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'another reader cannot start it'
);

-- staff: see and supervise, never start
select tests.authenticate_as('mona');
select is(public.get_call(:'o1') ->> 'state', 'in_progress', 'the monitor sees the call');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'the monitor cannot start a call'
);
select is(
    app.call_monitor_begin(:'o1', 'listen') ->> 'conference_sid', 'CF' || repeat('c', 32),
    'the monitor may listen'
);
select tests.authenticate_as('adam');
select is(public.get_call(:'o1') ->> 'state', 'in_progress', 'the admin sees the call');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'), 'VCUNV',
    null, 'the admin may supervise (here refused only for want of a verified phone)'
);
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'the admin cannot start a call'
);
select tests.authenticate_as('sara');
select is(public.get_call(:'o1') ->> 'state', 'in_progress', 'the superadmin sees the call');
select throws_ok(
    format($$ select app.call_initiate_begin(%L) $$, :'o1'), '42501', null,
    'the superadmin cannot start a call'
);
select is(
    app.call_terminate(:'o1', 'test: drop') ->> 'call_id', :'c1',
    'the superadmin may drop the call'
);

-- the service side: closed to every signed-in user, whatever their role
select tests.authenticate_as('sara');
select throws_ok(format($$ select app.record_call_event(%L, 'call', 'CA' || repeat('d', 32),
    'ringing', 0, null, '{}') $$, :'c1'), '42501', null, 'no user posts a Twilio callback');
select throws_ok(
    format($$ select app.call_record_legs(%L, null, null) $$, :'c1'), '42501',
    null, 'no user records legs'
);
select throws_ok(
    format($$ select app.call_record_end(%L, 'stuck') $$, :'c1'), '42501', null,
    'no user records an end'
);
select throws_ok(format(
    $$ select app.call_record_monitor_action(%L, %L, 'listen', null) $$,
    :'c1', tests.get_user_id('sara')
), '42501', null, 'no user records a monitor action');
select throws_ok(
    format($$ select app.call_twiml_plan(%L, 'reader') $$, :'c1'), '42501', null,
    'no user reads a leg''s TwiML plan'
);
select throws_ok(
    $$ select app.job_end_stuck_calls() $$, '42501', null,
    'no user runs the stuck-call job'
);
select results_eq(
    $$ select count(*)::integer from app.call_events $$, array[0],
    'staff read the callbacks under their policy (none arrived for this call)'
);
select tests.authenticate_as('alice');
select is_empty($$ select * from app.call_events $$, 'clients see no Twilio callbacks');
select is_empty(
    $$ select * from app.call_monitor_actions $$,
    'clients see no monitor actions'
);
select throws_ok(
    format($$ update app.calls set state = 'ended' where id = %L $$, :'c1'),
    '42501', null, 'clients cannot write calls'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ insert into app.call_monitor_actions (call_id, monitor_id, action, participant_call_sid)
        values (%L, %L, 'listen', 'CA' || repeat('e', 32)) $$, :'c1', tests.get_user_id('mona')),
    '42501', null, 'monitors cannot write monitor actions directly'
);

select * from finish();
rollback;
