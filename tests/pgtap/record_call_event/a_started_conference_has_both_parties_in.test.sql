-- record_call_event: a conference starts only with both parties in it (monitors join started
-- calls only), so a party whose join callback never arrived still counts as joined at the
-- start: the call that happened ends completed, not as that party's no-show. A join callback
-- that arrives late moves the join earlier.
begin;
select plan(4);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
select 'CF' || replace(:'o1', '-', '') as cf \gset

select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'conference', :'cf', 'participant-join', 0,
    '2026-12-01 10:00:00+00', '{"ParticipantLabel": "reader"}'
);
-- the client's participant-join (sequence 1) is lost
select app.record_call_event(
    :'c1', 'conference', :'cf', 'conference-start', 2, '2026-12-01 10:01:00+00', '{}'
);
select is(
    (select client_joined_at from app.calls where id = :'c1'),
    '2026-12-01 10:01:00+00'::timestamptz,
    'the conference''s start counts as the client''s join when its callback is missing'
);
select app.record_call_event(
    :'c1', 'conference', :'cf', 'conference-end', 3, '2026-12-01 10:21:00+00', '{}'
);
select is(
    (select end_reason from app.calls where id = :'c1'), 'completed',
    'a call that started ends completed, not as a no-show'
);
select app.record_call_event(
    :'c1', 'conference', :'cf', 'participant-join', 1,
    '2026-12-01 10:00:30+00', '{"ParticipantLabel": "client"}'
);
select is(
    (select client_joined_at from app.calls where id = :'c1'),
    '2026-12-01 10:00:30+00'::timestamptz,
    'the late join callback moves the join earlier'
);
select is(
    (select reader_joined_at from app.calls where id = :'c1'),
    '2026-12-01 10:00:00+00'::timestamptz,
    'a join already known is kept'
);

select * from finish();
rollback;
