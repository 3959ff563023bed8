-- A cancellation and a rejection carry their reason however they are made: the orders trigger
-- asks app.require_reason (RSNRQ) for a direct update and app.transition_order as it does for
-- cancel_order and reject_order, so a client or admin cannot cancel, nor a monitor reject,
-- without saying why.
begin;
select plan(4);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_order_in_state('alice', 'new') as nw \gset
select tests.create_order_in_state('alice', 'assigned', 'rita') as asg \gset
select tests.create_order_in_state('alice', 'assigned', 'rita') as asg2 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as aw \gset

select tests.authenticate_as('alice');
select throws_ok(
    format($$ update app.orders set status = 'cancelled' where id = %L $$, :'nw'),
    'RSNRQ', null, 'a client cannot cancel without a reason by a direct update'
);
select throws_ok(
    format($$ select app.transition_order(%L, 'cancel') $$, :'asg'),
    'RSNRQ', null, 'nor through app.transition_order without a reason'
);

select tests.authenticate_as('adam');
select throws_ok(
    format(
        $$ update app.orders set status = 'cancelled', cancel_reason = null where id = %L $$,
        :'asg2'
    ),
    'RSNRQ', null, 'an admin cannot cancel without a reason by a direct update'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ update app.orders set status = 'rejected' where id = %L $$, :'aw'),
    'RSNRQ', null, 'a monitor cannot reject without a rejection reason by a direct update'
);

select * from finish();
rollback;
