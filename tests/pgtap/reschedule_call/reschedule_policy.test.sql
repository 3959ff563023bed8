-- reschedule_call: the client moves a call to another free slot of the same reader until
-- calls.change_cutoff_minutes before its start, at most calls.max_reschedules (2) times; admins
-- move any call that has not started. The new slot meets the booking rules.
begin;
select plan(16);

select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('adam', 'admin');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('bob');
select public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 15:00Z', 60);
select tests.authenticate_as('alice');
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-03 12:00Z', 30)
    ->> 'order_id'
) as call
\gset

select public.reschedule_call(:'call', '2026-06-03 14:00Z') as moved \gset
select is(
    array[
        :'moved'::jsonb ->> 'starts_at', :'moved'::jsonb ->> 'ends_at',
        :'moved'::jsonb ->> 'previous_starts_at', :'moved'::jsonb ->> 'reschedule_count'
    ],
    array[
        '2026-06-03T14:00:00+00:00', '2026-06-03T14:30:00+00:00', '2026-06-03T12:00:00+00:00', '1'
    ],
    'the call moves with its length, remembering where it was'
);
select is(
    (select scheduled_at from app.orders where id = :'call'),
    '2026-06-03 14:00Z'::timestamptz, 'the order''s scheduled time follows'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-03 15:15Z') $$, :'call'),
    'CLTKN', null, 'a taken slot is refused'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-03 19:00Z') $$, :'call'),
    'CLNAV', null, 'a slot outside the reader''s availability is refused'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-01 08:30Z') $$, :'call'),
    'CLLEA', null, 'a slot within the lead time is refused'
);
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-06-03 14:15Z') $$, :'call'),
    'a move may overlap the call''s own old slot'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-04 12:00Z') $$, :'call'),
    'CLRSX', null, 'a third move by the client is refused'
);
select is(
    tests.error_detail(format($$ select public.reschedule_call(%L, '2026-06-04 12:00Z') $$, :'call')),
    '{"reschedule_count": 2, "max_reschedules": 2}'::jsonb,
    'CLRSX says how often the call moved'
);

select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-04 12:00Z') $$, :'call'),
    'ORDNF', null, 'another client cannot move the call'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-04 12:00Z') $$, :'call'),
    '42501', null, 'a reader cannot move a call'
);

select tests.authenticate_as('adam');
select is(
    public.reschedule_call(:'call', '2026-06-01 11:00Z') ->> 'reschedule_count',
    '3', 'an admin moves a call beyond the client''s limit'
);

select tests.freeze_time('2026-06-01 09:30Z');
select tests.authenticate_as('alice');
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
    ->> 'order_id'
) as other
\gset
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 12:00Z') $$, :'call'),
    'CLLAT', null, 'the client cannot move a call within two hours of its start'
);
reset role;
update app.app_settings set value = '30' where key = 'calls.change_cutoff_minutes';
update app.app_settings set value = '5' where key = 'calls.max_reschedules';
select tests.authenticate_as('alice');
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 14:00Z') $$, :'call'),
    'the deadline and the limit come from the settings'
);

select public.cancel_call(:'other', 'not needed');
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 16:00Z') $$, :'other'),
    'CLNFD', null, 'a cancelled call does not move'
);

select tests.authenticate_as('adam');
select lives_ok(
    format($$ select public.reschedule_call(%L, '2026-06-01 12:00Z') $$, :'call'),
    'an admin moves a call within the client''s deadline'
);

reset role;
select results_eq(
    format(
        $$ select count(*)::integer from app.audit_log
           where entity_id = %L and event = 'call.rescheduled' $$,
        :'call'
    ),
    $$ values (5) $$,
    'every move is audited'
);

select * from finish();
rollback;
