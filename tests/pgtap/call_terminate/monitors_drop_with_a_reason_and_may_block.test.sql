-- call_terminate: a monitor drops a live call with a reason, recorded as a monitor action, a
-- moderation action and in the audit log; blocking a party goes through the block rule.
begin;
select plan(10);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_terminate(%L, '  ') $$, :'o1'),
    'RSNRQ', null, 'a drop needs a reason'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'abuse', 'monitor') $$, :'o1'),
    'VCACT', null, 'only the reader or the client can be blocked with a drop'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'abuse', repeat('x', 100000)) $$, :'o1'),
    'VCACT', 'Block the reader or the client',
    'a wrong party to block is not echoed back, whatever its length'
);
select is(
    app.call_terminate(:'o1', 'abusive language', 'client') ->> 'blocked', 'client',
    'the monitor drops the call and blocks the client'
);
select results_eq(
    format($$ select state, end_reason from app.calls where id = %L $$, :'c1'),
    $$ values ('ended', 'dropped') $$,
    'the call ended as dropped'
);
select is(
    (select is_blocked from app.profiles where id = tests.get_user_id('alice')), true,
    'the client is blocked'
);
select results_eq(
    format(
        $$ select action, reason from app.moderation_actions
        where target_order_id = %L or target_profile_id = %L order by id $$,
        :'o1', tests.get_user_id('alice')
    ),
    $$ values ('block', 'abusive language'), ('drop_call', 'abusive language') $$,
    'the block and the drop are moderation actions with the reason'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select app.call_terminate(%L, 'bye') $$, :'o1'),
    '42501', null, 'a reader cannot drop calls'
);
reset role;
select is(
    (select array_agg(event order by id) from app.audit_log where entity_id = :'c1'),
    array['call.created', 'call.ended', 'call.monitor_terminate'],
    'the drop is audited on the call'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_terminate(%L, 'again') $$, :'o1'),
    'VCNLV', null, 'an ended call cannot be dropped again'
);

select * from finish();
rollback;
