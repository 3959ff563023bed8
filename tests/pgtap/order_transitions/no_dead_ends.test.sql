-- The transitions table: every non-final state can still reach delivered and cancelled, the
-- final states have no way out, every API transition is also open to the platform (service),
-- and approval leads on to delivery.
begin;
select plan(6);

select is(
    array(
        select s.status::text
        from unnest(enum_range(null::app.order_status)) as s (status)
        where
            not exists (
                select 1 from app.order_transitions as t
                where t.from_status = s.status and t.to_status <> s.status
            )
        order by 1
    ),
    array['cancelled', 'delivered'],
    'only delivered and cancelled have no way out'
);

select is_empty(
    $$
        with recursive reach (start_status, status) as (
            select s.status, s.status
            from unnest(enum_range(null::app.order_status)) as s (status)
            union
            select r.start_status, t.to_status
            from reach as r
            inner join app.order_transitions as t on t.from_status = r.status
        )
        select s.status
        from unnest(enum_range(null::app.order_status)) as s (status)
        where
            s.status not in ('delivered', 'cancelled')
            and not exists (
                select 1 from reach as r
                where r.start_status = s.status and r.status = 'delivered'
            )
    $$,
    'every non-final state can still reach delivered'
);

select is_empty(
    $$
        select t.from_status
        from app.order_transitions as t
        where
            t.from_status not in ('delivered', 'cancelled')
            and not exists (
                select 1 from app.order_transitions as c
                where c.from_status = t.from_status and c.to_status = 'cancelled'
            )
    $$,
    'every non-final state can be cancelled'
);

select is_empty(
    $$
        select t.from_status, t.to_status, t.actor_role
        from app.order_transitions as t
        where
            t.actor_role <> 'service'
            and not exists (
                select 1 from app.order_transitions as s
                where
                    s.from_status = t.from_status
                    and s.to_status = t.to_status
                    and s.actor_role = 'service'
            )
    $$,
    'every API transition is also open to the platform'
);

select results_eq(
    $$
        select t.actor_role
        from app.order_transitions as t
        where t.from_status = 'approved' and t.to_status = 'delivered'
        order by 1
    $$,
    $$ values ('admin'), ('monitor'), ('service'), ('superadmin') $$,
    'approved orders are delivered by moderators or the platform'
);

select is_empty(
    $$
        select t.from_status
        from app.order_transitions as t
        where t.description ~* 'gold' or 'is_gold' = any(t.writable_columns)
    $$,
    'no transition depends on the gold flag'
);

select * from finish();
rollback;
