-- job_purge_old: at a frozen clock, Twilio's callbacks about an ended call go once they were
-- received more than retention.call_events_days ago (default 50); one received at the cutoff
-- stays, and a call not yet ended keeps all of its callbacks however old.
begin;
select plan(5);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
select tests.create_booked_call('alice', 'rita', now() + interval '2 hours', 30) as o2 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds, state, ended_at, end_reason)
values (:'o1', 'bk_' || :'o1', 1800, 'ended', now(), 'completed') returning id as ended \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o2', 'bk_' || :'o2', 1800) returning id as live \gset

-- the cutoff at 2026-12-01 12:00 with 50 days is 2026-10-12 12:00
insert into app.call_events (call_id, source, provider_sid, event, sequence_number, params, received_at)
values
(:'ended', 'conference', 'CF' || md5('a'), 'participant-join', 0, '{}', '2026-10-12 11:59:59+00'),
(:'ended', 'conference', 'CF' || md5('a'), 'participant-join', 1, '{}', '2026-10-12 12:00:00+00'),
(:'ended', 'conference', 'CF' || md5('a'), 'conference-end', 2, '{}', '2026-11-30 12:00:00+00'),
(:'live', 'conference', 'CF' || md5('b'), 'participant-join', 0, '{}', '2026-08-01 12:00:00+00');

select tests.freeze_time('2026-12-01 12:00:00+00');
select tests.authenticate_as_service_role();
select is(app.purge_old_call_events(), 1, 'one callback of an ended call was past retention');
reset role;
select results_eq(
    $$ select call_id, received_at from app.call_events order by received_at $$,
    format(
        $$ values
            (%L::uuid, '2026-08-01 12:00:00+00'::timestamptz),
            (%L::uuid, '2026-10-12 12:00:00+00'::timestamptz),
            (%L::uuid, '2026-11-30 12:00:00+00'::timestamptz) $$,
        :'live', :'ended', :'ended'
    ),
    'the callback before the cutoff goes; the one at the cutoff and a live call''s old one stay'
);

-- a shorter setting moves the cutoff, and purge_old reports the count
insert into app.app_settings (key, value)
values ('retention.call_events_days', '10')
on conflict (key) do update set value = excluded.value;
select tests.authenticate_as_service_role();
select app.run_job('purge_old', 'cli') -> 'result' as purged \gset
reset role;
select is(
    (:'purged'::jsonb ->> 'call_events')::integer, 1,
    'purge_old removes the callbacks past retention.call_events_days and reports them'
);
select results_eq(
    $$ select call_id, received_at from app.call_events order by received_at $$,
    format(
        $$ values
            (%L::uuid, '2026-08-01 12:00:00+00'::timestamptz),
            (%L::uuid, '2026-11-30 12:00:00+00'::timestamptz) $$,
        :'live', :'ended'
    ),
    'the live call''s callback and the ended call''s recent one are left'
);

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');
select throws_ok(
    $$ select app.purge_old_call_events() $$,
    '42501', null, 'no API user, not even an admin, may purge call events'
);

select * from finish();
rollback;
