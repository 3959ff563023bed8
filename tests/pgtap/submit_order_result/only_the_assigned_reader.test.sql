-- submit_order_result: only the assigned, unblocked reader submits a valid result.
begin;
select plan(14);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o2') as o2 \gset

insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('rita'), 'audio', 'test', 'rita/reading.ogg', 'audio/ogg')
returning id as rita_media \gset
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('rob'), 'audio', 'test', 'rob/reading.ogg', 'audio/ogg')
returning id as rob_media \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'anon cannot submit the result'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'alice cannot submit the result'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'bob cannot submit the result'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    'ORDNF', null, 'rob cannot submit the result'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'mona cannot submit the result'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'adam cannot submit the result'
);
select tests.authenticate_as('sara');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'my reading') $$, :'o1'),
    '42501', null, 'sara cannot submit the result'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.submit_order_result(%L, '  ') $$, :'o1'),
    'ORDRQ', null, 'an empty result is refused'
);
select throws_ok(
    format($$ select public.submit_order_result(%L, repeat('x', 20001)) $$, :'o1'),
    '23514', null, 'an over-long result is refused by the results table'
);
select throws_ok(
    format($$ select public.submit_order_result(%L, null, %L) $$, :'o1', :'rob_media'),
    'ORDMD', null, 'another reader''s media is refused'
);
select throws_ok(
    format($$ select public.submit_order_result(%L, 'reading') $$, :'o2'),
    'ORDTR', null, 'an order not yet started takes no result'
);
select is(
    public.submit_order_result(:'o1', 'The cards say yes.', :'rita_media', 'client seemed anxious')
    ->> 'status',
    'awaiting_approval',
    'the assigned reader submits text and audio for approval'
);
select throws_ok(
    format($$ select public.submit_order_result(%L, 'again') $$, :'o1'),
    'ORDTR', null, 'a result waiting for approval is not replaced'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');
update app.orders set status = 'in_progress' where id = :'o2';
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'reading') $$, :'o2'),
    'USRBL', null, 'a blocked reader cannot submit'
);

select * from finish();
rollback;
