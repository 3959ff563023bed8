-- A blocked monitor or admin can no longer supervise live calls: listening, whispering,
-- barging and dropping all answer USRBL (app.require_role), and the call is left as it was.
begin;
select plan(6);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.give_verified_phone('mona');
select tests.give_verified_phone('adam');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, conference_sid,
    reader_joined_at, client_joined_at, started_at
)
values (:'o1', 'bk_' || :'o1', 1800, 'in_progress', 'CF' || repeat('d', 32), now(), now(), now());
update app.profiles set is_blocked = true
where id in (tests.get_user_id('mona'), tests.get_user_id('adam'));

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'listen') $$, :'o1'),
    'USRBL', null, 'a blocked monitor cannot listen'
);
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'barge') $$, :'o1'),
    'USRBL', null, 'a blocked monitor cannot barge in'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'test: drop', 'client') $$, :'o1'),
    'USRBL', null, 'a blocked monitor cannot drop a call nor block its client'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select app.call_monitor_begin(%L, 'whisper') $$, :'o1'),
    'USRBL', null, 'a blocked admin cannot whisper'
);
select throws_ok(
    format($$ select app.call_terminate(%L, 'test: drop') $$, :'o1'),
    'USRBL', null, 'a blocked admin cannot drop a call'
);
select tests.authenticate_as_service_role();
select is(
    (
        select
            state || '/' || (
                select is_blocked::text from app.profiles
                where id = tests.get_user_id('alice')
            )
        from app.calls where order_id = :'o1'
    ),
    'in_progress/false', 'the call goes on and its client is not blocked'
);

select * from finish();
rollback;
