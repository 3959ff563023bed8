-- Every audited table still writes app.audit_log through its trigger: orders, profiles,
-- settings, call bookings, calls, and the two action logs sharing app.audit_action_insert
-- (moderation actions, monitor actions on calls), with the exact row each wrote before.
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');

-- orders and call bookings: one booked call, made as the platform
select tests.create_booked_call('alice', 'rita', '2026-06-02 12:00Z', 30) as o1 \gset
select is(
    (
        select pg_catalog.array_agg(a.event order by a.id) from app.audit_log as a
        where a.entity_type = 'order' and a.entity_id = :'o1'
    ),
    array['order.created', 'order.assigned', 'call.booked'],
    'orders and call bookings audit their rows'
);

-- calls
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
select is(
    (select a.event from app.audit_log as a where a.entity_type = 'call' and a.entity_id = :'c1'),
    'call.created', 'calls audit their creation'
);

-- call monitor actions, through the shared action trigger
insert into app.call_monitor_actions (call_id, monitor_id, action, participant_call_sid)
values (:'c1', tests.get_user_id('mona'), 'listen', 'CA' || pg_catalog.repeat('ab', 16));
select results_eq(
    format(
        $$ select a.event, a.entity_type, a.old_data, a.new_data from app.audit_log as a
        where a.entity_id = %L and a.event like 'call.monitor%%' $$, :'c1'
    ),
    format(
        $$ values ('call.monitor_listen', 'call', null::jsonb, %L::jsonb) $$,
        pg_catalog.jsonb_build_object(
            'action', 'listen', 'monitor_id', tests.get_user_id('mona'),
            'participant_call_sid', 'CA' || pg_catalog.repeat('ab', 16)
        )
    ),
    'a monitor action is audited on its call, without the null reason'
);

-- moderation actions, through the shared action trigger
insert into app.moderation_actions (actor_id, action, target_profile_id, reason)
values (tests.get_user_id('mona'), 'block', tests.get_user_id('alice'), 'spam')
returning id as m1 \gset
select results_eq(
    format(
        $$ select a.event, a.entity_type, a.old_data, a.new_data from app.audit_log as a
        where a.entity_type = 'moderation_action' and a.entity_id = %L $$, :'m1'
    ),
    format(
        $$ values ('moderation.block', 'moderation_action', null::jsonb, %L::jsonb) $$,
        pg_catalog.jsonb_build_object(
            'action', 'block', 'target_profile_id', tests.get_user_id('alice'), 'reason', 'spam'
        )
    ),
    'a moderation action is audited, without the null order'
);
select is(
    (select count(*)::integer from app.audit_log as a where a.entity_type = 'moderation_action'),
    1, 'one moderation action, one audit row'
);

-- profiles
update app.profiles set is_blocked = true where id = tests.get_user_id('alice');
select is(
    (
        select a.event from app.audit_log as a
        where a.entity_type = 'profile' and a.entity_id = tests.get_user_id('alice')::text
        order by a.id desc limit 1
    ),
    'profile.blocked', 'profiles audit their block'
);

-- settings
insert into app.app_settings (key, value) values ('test.audited', '1'::jsonb);
update app.app_settings set value = '2'::jsonb where key = 'test.audited';
delete from app.app_settings where key = 'test.audited';
select is(
    (
        select pg_catalog.array_agg(a.event order by a.id) from app.audit_log as a
        where a.entity_type = 'setting' and a.entity_id = 'test.audited'
    ),
    array['settings.created', 'settings.changed', 'settings.deleted'],
    'settings audit creation, change and deletion'
);

-- the trigger functions: one shared by the two action logs
select is(
    (
        select pg_catalog.array_agg(t.tgrelid::regclass::text order by t.tgrelid::regclass::text)
        from pg_catalog.pg_trigger as t
        where t.tgfoid = 'app.audit_action_insert()'::regprocedure
    ),
    array['app.call_monitor_actions', 'app.moderation_actions'],
    'the action logs share one audit trigger function'
);

select * from finish();
rollback;
