-- The call booking RPCs by role: anon, two clients, two readers, a monitor, an admin and a
-- superadmin, each allowed and denied by SQLSTATE, and no one reads another user's calls.
begin;
select plan(40);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_reader_available('rita', '10:00', '18:00', 'UTC');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('alice');
select (
    public.book_call(tests.get_user_id('rita'), 'direct_call', '2026-06-02 12:00Z', 30)
    ->> 'order_id'
) as call
\gset

-- anon: no call RPC at all
select tests.clear_authentication();
select throws_ok(
    format($$ select public.get_reader_availability(%L) $$, tests.get_user_id('rita')),
    '42501', null, 'anon cannot read availability'
);
select throws_ok(
    $$ select public.set_my_availability('[]', 'UTC') $$,
    '42501', null, 'anon cannot publish availability'
);
select throws_ok(
    $$ select public.set_my_availability_exceptions('[]', 'UTC') $$,
    '42501', null, 'anon cannot publish exceptions'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 14:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    '42501', null, 'anon cannot book'
);
select throws_ok(
    format($$ select public.cancel_call(%L, 'x') $$, :'call'),
    '42501', null, 'anon cannot cancel'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 14:00Z') $$, :'call'),
    '42501', null, 'anon cannot reschedule'
);
select throws_ok($$ select public.list_my_calls() $$, '42501', null, 'anon has no calls');
select throws_ok($$ select public.list_calls() $$, '42501', null, 'anon cannot list calls');

-- clients
select tests.authenticate_as('alice');
select is(
    jsonb_array_length(public.list_my_calls() -> 'calls'), 1, 'a client lists their own call'
);
select throws_ok($$ select public.list_calls() $$, '42501', null, 'a client cannot list all calls');
select throws_ok(
    $$ select public.set_my_availability('[]', 'UTC') $$,
    '42501', null, 'a client cannot publish availability'
);
select is(
    jsonb_array_length(public.get_reader_availability(tests.get_user_id('rita')) -> 'windows'),
    7, 'a client reads a reader''s availability'
);
select throws_ok(
    $$ insert into app.reader_availability (reader_id, weekday, starts_at, ends_at, time_zone)
       values (auth.uid(), 1, '08:00', '09:00', 'UTC') $$,
    '42501', null, 'a client cannot write availability directly'
);
select tests.authenticate_as('bob');
select is(
    jsonb_array_length(public.list_my_calls(true, 200) -> 'calls'), 0,
    'another client sees none of alice''s calls'
);
select is_empty($$ select * from app.call_bookings $$, 'nor in the table');
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 14:00Z') $$, :'call'),
    'ORDNF', null, 'another client cannot move the call'
);
select throws_ok(
    format($$ select public.cancel_call(%L, 'x') $$, :'call'),
    'ORDNF', null, 'another client cannot cancel the call'
);
select lives_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 14:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    'another client books another slot'
);

-- readers
select tests.authenticate_as('rita');
select is(
    jsonb_array_length(public.list_my_calls() -> 'calls'), 2, 'a reader lists the calls booked with them'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 16:00Z', 30) $$,
        tests.get_user_id('rob')
    ),
    '42501', null, 'a reader cannot book'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 15:00Z') $$, :'call'),
    '42501', null, 'a reader cannot move a call'
);
select throws_ok($$ select public.list_calls() $$, '42501', null, 'a reader cannot list all calls');
select tests.authenticate_as('rob');
select is(
    jsonb_array_length(public.list_my_calls(true, 200) -> 'calls'), 0,
    'another reader sees none of rita''s calls'
);
select is_empty($$ select * from app.call_bookings $$, 'nor in the table');
select throws_ok(
    format(
        $$ insert into app.reader_availability (reader_id, weekday, starts_at, ends_at, time_zone)
           values (%L, 1, '08:00', '09:00', 'UTC') $$,
        tests.get_user_id('rita')
    ),
    '42501', null, 'a reader cannot write another reader''s availability'
);
select throws_ok(
    $$ delete from app.reader_availability $$,
    '42501', null, 'a reader cannot delete availability directly, not even their own'
);
select lives_ok(
    $$ select public.set_my_availability_exceptions('[{"on_date": "2026-06-05"}]', 'UTC') $$,
    'a reader publishes their own exceptions'
);

-- monitor
select tests.authenticate_as('mona');
select is(
    jsonb_array_length(public.list_calls('2026-06-01', '2026-06-08') -> 'calls'), 2,
    'a monitor lists every call'
);
select throws_ok($$ select public.list_my_calls() $$, '42501', null, 'staff use list_calls');
select throws_ok(
    format($$ select public.cancel_call(%L, 'x') $$, :'call'),
    '42501', null, 'a monitor cannot cancel a call'
);
select throws_ok(
    format($$ select public.reschedule_call(%L, '2026-06-02 15:00Z') $$, :'call'),
    '42501', null, 'a monitor cannot move a call'
);
select throws_ok(
    $$ select public.set_my_availability('[]', 'UTC') $$,
    '42501', null, 'a monitor cannot publish availability'
);

-- admin and superadmin
select tests.authenticate_as('adam');
select is(
    (public.list_calls('2026-06-01', '2026-06-08', tests.get_user_id('rita')) #>> '{calls,0,reader,local_starts_at}'),
    '2026-06-02T12:00:00+00:00', 'an admin reads each call in the reader''s zone'
);
select throws_ok(
    $$ select public.list_calls('2026-06-08', '2026-06-01') $$,
    'CLRNG', null, 'a period that ends before it starts is refused'
);
select throws_ok(
    format(
        $$ select public.book_call(%L, 'direct_call', '2026-06-02 16:00Z', 30) $$,
        tests.get_user_id('rita')
    ),
    '42501', null, 'an admin cannot book for themselves'
);
select is(
    public.reschedule_call(:'call', '2026-06-02 16:00Z') ->> 'starts_at',
    '2026-06-02T16:00:00+00:00', 'an admin moves a client''s call'
);
select tests.authenticate_as('sara');
select is(
    (public.list_calls('2026-06-01', '2026-06-08') #>> '{calls,0,client,local_starts_at}'),
    '2026-06-02T18:00:00+04:00', 'a superadmin reads each call in the client''s zone'
);
select is(
    public.cancel_call(:'call', 'duplicate') ->> 'status',
    'cancelled', 'a superadmin cancels a client''s call'
);

-- blocked users
reset role;
update app.profiles set is_blocked = true where id in (tests.get_user_id('bob'), tests.get_user_id('mona'));
select tests.authenticate_as('bob');
select throws_ok($$ select public.list_my_calls() $$, 'USRBL', null, 'a blocked client lists nothing');
select tests.authenticate_as('mona');
select throws_ok($$ select public.list_calls() $$, 'USRBL', null, 'a blocked monitor lists nothing');

select * from finish();
rollback;
