-- app.export_calls: the call bookings starting in the export's range with their live call;
-- names and the client's phone masked unless the export is raw.
begin;
select plan(4);

select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('rita', 'reader');
select tests.create_client_who_may_order('carla', p_phone => '+971501234567');
update app.profiles
set first_name = 'سامية', last_name = 'Haddad'
where id = tests.get_user_id('carla');
update app.profiles
set first_name = 'Rita', last_name = 'Stone'
where id = tests.get_user_id('rita');

select tests.create_booked_call('carla', 'rita', '2026-11-01 09:00:00+00', 30) as c1 \gset
select tests.create_booked_call('carla', 'rita', '2026-11-05 09:00:00+00', 15) as c2 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, reader_joined_at,
    client_joined_at, started_at, ended_at, end_reason
)
values (
    :'c1', 'bk_' || :'c1', 1800, 'ended', '2026-11-01 09:00:00+00', '2026-11-01 09:00:00+00',
    '2026-11-01 09:00:00+00', '2026-11-01 09:00:00+00', '2026-11-01 09:25:00+00', 'completed'
);

select tests.authenticate_as('adam');
select (app.export_begin(array['calls'], '2026-11-01', '2026-11-02')).id as masked_id \gset
select set_config('app.export_id', :'masked_id', true);
select results_eq(
    'select order_id, client_name, client_phone, reader_name, call_state, duration_seconds,'
    ' end_reason from app.export_calls',
    format(
        $$ values (%L::uuid, 'س. H.', '''+971***67', 'R. S.', 'ended', 1500, 'completed') $$,
        :'c1'
    ),
    'a masked export shows initials and a masked phone, and the call of a booking in range only'
);
select set_config(
    'app.export_id', (app.export_begin(array['calls'], '2026-11-05', '2026-11-06')).id::text, true
);
select results_eq(
    'select order_id, call_state from app.export_calls',
    format($$ values (%L::uuid, null::text) $$, :'c2'),
    'a booking never dialled has no call columns'
);

select tests.authenticate_as('sara');
select (app.export_begin(array['calls'], '2026-11-01', '2026-11-02', true, 'test: audit')).id as raw_id \gset
select set_config('app.export_id', :'raw_id', true);
select results_eq(
    'select client_name, client_phone, reader_name from app.export_calls',
    $$ values ('سامية Haddad', '''+971501234567', 'Rita Stone') $$,
    'a raw export shows the data as stored'
);
select tests.authenticate_as('adam');
select throws_ok(
    'select * from app.export_calls',
    '42501', null, 'an admin cannot read a raw export'
);

select * from finish();
rollback;
