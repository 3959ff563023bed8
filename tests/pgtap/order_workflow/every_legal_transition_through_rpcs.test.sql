-- The whole workflow through the RPCs: every legal transition of app.order_transitions that
-- an RPC names, a gold order delivered after two rejections, and every kind of cancellation.
begin;
select plan(21);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_user('ruth', 'reader');

select tests.authenticate_as('alice');
select public.create_order('tarot', 'Gold question', null, true) ->> 'id' as gold \gset
select public.create_order('coffee', 'Second') ->> 'id' as o2 \gset
select public.create_order('tarot', 'Third') ->> 'id' as o3 \gset
select public.create_order('tarot', 'Fourth') ->> 'id' as o4 \gset
select is(public.get_order(:'gold') ->> 'is_gold', 'true', 'a gold order is created as new');
select tests.authenticate_as('adam');
select is(
    public.assign_order(:'gold', tests.get_user_id('rita')) ->> 'status', 'assigned',
    'new -> assigned (assign_order)'
);
select is(
    public.assign_order(:'gold', tests.get_user_id('ruth'), true) ->> 'status', 'assigned',
    'assigned -> assigned with another reader (assign_order, reassign)'
);
select is(
    public.assign_order(:'gold', tests.get_user_id('rita'), true) ->> 'reader_id',
    tests.get_user_id('rita')::text,
    'and back to the first reader'
);
select tests.authenticate_as('rita');
select is(public.start_order(:'gold') ->> 'status', 'in_progress', 'assigned -> in_progress (start_order)');
select tests.authenticate_as('adam');
select is(
    public.assign_order(:'gold', tests.get_user_id('ruth'), true) ->> 'status', 'assigned',
    'in_progress -> assigned (assign_order, reassign)'
);
select tests.authenticate_as('ruth');
select is(public.start_order(:'gold') ->> 'status', 'in_progress', 'the new reader starts');
select is(
    public.submit_order_result(:'gold', 'First draft') ->> 'status', 'awaiting_approval',
    'in_progress -> awaiting_approval (submit_order_result)'
);
select tests.authenticate_as('mona');
select is(
    public.reject_order(:'gold', 'Too short') ->> 'status', 'rejected',
    'awaiting_approval -> rejected (reject_order)'
);
select tests.authenticate_as('ruth');
select is(
    public.start_order(:'gold') ->> 'status', 'in_progress', 'rejected -> in_progress (start_order)'
);
select is(
    public.submit_order_result(:'gold', 'Second draft') ->> 'status', 'awaiting_approval',
    'the reader submits again'
);
select tests.authenticate_as('mona');
select is(public.reject_order(:'gold', 'Still short') ->> 'status', 'rejected', 'rejected again');
select tests.authenticate_as('ruth');
select is(
    public.submit_order_result(:'gold', 'Final reading') ->> 'status', 'awaiting_approval',
    'rejected -> awaiting_approval (submit_order_result, resubmission)'
);
select tests.authenticate_as('mona');
select is(
    public.approve_order(:'gold') ->> 'status', 'delivered',
    'awaiting_approval -> approved -> delivered (approve_order): the gold order completes'
);
select tests.authenticate_as('alice');
select is(
    public.get_order(:'gold') ->> 'output_text', 'Final reading', 'the client reads the gold result'
);
select tests.authenticate_as('adam');
select public.assign_order(:'o2', tests.get_user_id('rita')) ->> 'status' as ignored \gset
select tests.authenticate_as('rita');
select public.start_order(:'o2') ->> 'status' as ignored \gset
select public.submit_order_result(:'o2', 'Draft') ->> 'status' as ignored \gset
select tests.authenticate_as('mona');
select public.reject_order(:'o2', 'Redo') ->> 'status' as ignored \gset
select tests.authenticate_as('adam');
select is(
    public.assign_order(:'o2', tests.get_user_id('ruth'), true) ->> 'status', 'assigned',
    'rejected -> assigned (assign_order, reassign)'
);
select is(
    public.cancel_order(:'o2', 'client asked') ->> 'status', 'cancelled',
    'assigned -> cancelled (cancel_order by an admin)'
);
select is(
    public.cancel_order(:'o3', 'duplicate') ->> 'status', 'cancelled',
    'new -> cancelled (cancel_order by an admin)'
);
select tests.authenticate_as('alice');
select is(
    public.cancel_order(:'o4', 'changed my mind') ->> 'status', 'cancelled',
    'new -> cancelled (cancel_order by the client)'
);
reset role;
select results_eq(
    format(
        $$
            select a.event from app.audit_log as a
            where a.entity_type = 'order' and a.entity_id = %L
            order by a.id
        $$,
        :'gold'
    ),
    $$
        values
        ('order.created'), ('order.assigned'), ('order.assigned'), ('order.assigned'),
        ('order.in_progress'), ('order.assigned'), ('order.in_progress'),
        ('order.awaiting_approval'), ('order.rejected'), ('order.in_progress'),
        ('order.awaiting_approval'), ('order.rejected'), ('order.awaiting_approval'),
        ('order.approved'), ('order.delivered')
    $$,
    'every step of the gold order is in the audit log, in order'
);
select results_eq(
    format(
        $$
            select a.action from app.moderation_actions as a
            where a.target_order_id = %L order by a.id
        $$,
        :'gold'
    ),
    $$ values ('reject'), ('reject'), ('approve') $$,
    'each rejection and the approval are moderation actions'
);

select * from finish();
rollback;
