-- The tests schema's scenario builders: clients who may order, orders moved to a status
-- through the allowed transitions, and readers who take calls, without changing who the test
-- acts as.
begin;
select plan(19);

select tests.create_user('rita', 'reader');

select tests.create_client_who_may_order('alice') as alice_id \gset
select is(
    :'alice_id'::uuid,
    tests.get_user_id('alice'),
    'create_client_who_may_order returns the new client''s id'
);
select tests.create_client_who_may_order('bob');
select results_eq(
    $$
        select p.role, p.phone, p.phone_verified, app.profile_missing_fields(p.id)
        from app.profiles as p
        where p.id in (tests.get_user_id('alice'), tests.get_user_id('bob'))
        order by p.phone
    $$,
    $$
        values
        ('client', '+971500000001', true, '{}'::text[]),
        ('client', '+971500000002', true, '{}'::text[])
    $$,
    'the clients have complete profiles, of age, and verified phones of their own'
);
select throws_ok(
    $$ select tests.create_client_who_may_order('kid', (current_date - interval '17 years')::date) $$,
    'TSTPF', null, 'a client under age cannot be made to order'
);

select tests.authenticate_as('alice');
select lives_ok(
    $$ select public.create_order('tarot', 'test: through the api') $$,
    'the client orders through the API'
);
select tests.create_client_who_may_order('cleo');
select results_eq(
    $$ select current_user::text collate "default", auth.uid() $$,
    $$ select 'authenticated', tests.get_user_id('alice') $$,
    'create_client_who_may_order leaves the caller''s role and claims as they were'
);

select tests.create_order_in_state('bob', 'in_progress', 'rita', 'test: signed in') as signed_in \gset
select results_eq(
    $$ select current_user::text collate "default", auth.uid() $$,
    $$ select 'authenticated', tests.get_user_id('alice') $$,
    'create_order_in_state leaves the caller''s role and claims as they were'
);
reset role;

select
    tests.create_order_in_state(
        'alice',
        s.status,
        case when s.status not in ('new', 'cancelled') then 'rita' end,
        'test: ' || s.status::text
    )
from pg_catalog.unnest(pg_catalog.enum_range(null::app.order_status)) as s (status);
select results_eq(
    $$
        select o.question, o.status, o.reader_id, o.client_id
        from app.orders as o
        where o.client_id = tests.get_user_id('alice') and o.question like 'test: %'
        and o.question <> 'test: through the api'
        order by o.status
    $$,
    $$
        select
            'test: ' || s.status::text,
            s.status,
            case when s.status not in ('new', 'cancelled') then tests.get_user_id('rita') end,
            tests.get_user_id('alice')
        from pg_catalog.unnest(pg_catalog.enum_range(null::app.order_status)) as s (status)
        order by s.status
    $$,
    'every status is reached, with the reader past new'
);
select ok(
    (
        select
            o.assigned_at is not null and o.started_at is not null
            and o.submitted_at is not null and o.approved_at is not null
            and o.delivered_at is not null and o.rejected_at is null
        from app.orders as o
        where o.question = 'test: delivered'
    ),
    'a delivered order went through every step before it'
);
select results_eq(
    $$
        select r.output_text, n.reader_note, n.rejection_reason, n.monitor_comment
        from app.orders as o
        inner join app.order_results as r on o.id = r.order_id
        inner join app.order_notes as n on o.id = n.order_id
        where o.question = 'test: rejected'
    $$,
    $$ values ('test reading', 'internal note', 'test: try again', 'internal comment') $$,
    'a rejected order carries a result and the monitor''s reason'
);
select tests.create_order_in_state('alice', 'cancelled', 'rita', 'cancelled late') as late \gset
select results_eq(
    format(
        $$ select o.status, o.reader_id, o.cancel_reason from app.orders as o where o.id = %L $$,
        :'late'
    ),
    $$ values ('cancelled'::app.order_status, tests.get_user_id('rita'), 'test: cancelled') $$,
    'an order cancelled with a reader was assigned first'
);
select results_eq(
    format(
        $$
            select a.event, a.actor_id, a.actor_role
            from app.audit_log as a
            where a.entity_type = 'order' and a.entity_id = %L
            order by a.id
        $$,
        :'signed_in'
    ),
    $$
        values
        ('order.created', null::uuid, 'system'),
        ('order.assigned', null::uuid, 'system'),
        ('order.in_progress', null::uuid, 'system')
    $$,
    'each step is one transition, audited as the platform''s even when a user is signed in'
);

select throws_ok(
    $$ select tests.create_order_in_state('alice', 'assigned') $$,
    'TSTRD', null, 'an order past new needs a reader'
);
select throws_ok(
    $$ select tests.create_order_in_state('alice', 'new', 'rita') $$,
    'TSTRD', null, 'a new order has no reader'
);
select throws_ok(
    $$ select tests.create_order_in_state('alice', 'assigned', 'bob') $$,
    'TSTRD', null, 'the reader must be a reader'
);
select throws_ok(
    $$ select tests.create_order_in_state('alice', null) $$,
    'TSTST', null, 'a null status raises'
);
select throws_ok(
    $$ select tests.create_order_in_state('nobody', 'new') $$,
    'TSTID', null, 'an unknown client raises'
);
select throws_ok(
    $$ select tests.create_order_in_state('alice', 'assigned', 'nobody') $$,
    'TSTID', null, 'an unknown reader raises'
);

select tests.create_reader_available('rosa', '09:00', '17:00', 'Asia/Dubai') as rosa_id \gset
select is(
    :'rosa_id'::uuid, tests.get_user_id('rosa'),
    'create_reader_available returns the new reader''s id'
);
select results_eq(
    format(
        $$ select count(*)::integer, min(starts_at), max(ends_at), min(time_zone)
           from app.reader_availability where reader_id = %L $$,
        :'rosa_id'
    ),
    $$ values (7, '09:00'::time, '17:00'::time, 'Asia/Dubai') $$,
    'create_reader_available gives the reader the window on all seven weekdays'
);

select * from finish();
rollback;
