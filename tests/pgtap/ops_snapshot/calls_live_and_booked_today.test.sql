-- ops_snapshot: the calls not yet ended, by state, and the bookings starting on today's UTC day
-- (still to start, cancelled apart), at a frozen clock.
begin;
select plan(3);

select tests.create_user('adam', 'admin');
select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-12-01 10:00:00+00');

-- today: o1 under way, o2 being dialled, o3 still to come, o4 cancelled; o5 tomorrow; o6
-- yesterday, ended
select tests.create_booked_call('alice', 'rita', '2026-12-01 09:45:00+00', 30) as o1 \gset
select tests.create_booked_call('alice', 'rita', '2026-12-01 10:30:00+00', 15) as o2 \gset
select tests.create_booked_call('alice', 'rita', '2026-12-01 11:00:00+00', 30) as o3 \gset
select tests.create_booked_call('alice', 'rita', '2026-12-01 12:00:00+00', 30) as o4 \gset
select tests.create_booked_call('alice', 'rita', '2026-12-02 09:00:00+00', 30) as o5 \gset
select tests.create_booked_call('alice', 'rita', '2026-11-30 20:00:00+00', 30) as o6 \gset
update app.call_bookings
set cancelled_at = '2026-12-01 08:00:00+00', cancelled_by = tests.get_user_id('alice')
where order_id = :'o4';
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, started_at, ended_at,
    duration_seconds, end_reason
)
values
(
    :'o1', 'bk_' || :'o1', 1800, 'in_progress', '2026-12-01 09:45:00+00',
    '2026-12-01 09:46:00+00', null, null, null
),
(:'o2', 'bk_' || :'o2', 900, 'dialing', '2026-12-01 09:59:00+00', null, null, null, null),
(
    :'o6', 'bk_' || :'o6', 1800, 'ended', '2026-11-30 20:00:00+00',
    '2026-11-30 20:01:00+00', '2026-11-30 20:30:00+00', 1740, 'completed'
);

select tests.authenticate_as('adam');
select public.ops_snapshot() as snap \gset

select is(
    :'snap'::jsonb #> '{calls,live}',
    '{"total": 2, "dialing": 1, "waiting": 0, "in_progress": 1}'::jsonb,
    'the calls not yet ended are counted by state'
);
select is(
    :'snap'::jsonb #> '{calls,booked_today}',
    '{"day": "2026-12-01", "booked": 3, "still_to_start": 2, "cancelled": 1}'::jsonb,
    'today''s bookings: three standing, two still to start, one cancelled'
);
select is(
    :'snap'::jsonb -> 'not_yet_covered', '[]'::jsonb, 'every section of the snapshot is covered'
);

select * from finish();
rollback;
