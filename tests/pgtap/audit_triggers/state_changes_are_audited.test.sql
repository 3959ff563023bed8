-- Audit triggers: order transitions, moderation, profile role/verification/block changes and
-- settings each write app.audit_log with actor, role, old -> new and the request id; the rows
-- stay immutable.
begin;
select plan(12);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o1') as o1 \gset

select tests.authenticate_as('mona');
select set_config('request.headers', '{"x-request-id": "req-approve-1"}', true);
select public.approve_order(:'o1') ->> 'status' as ignored \gset
select set_config('request.headers', '', true);
select public.block_profile(tests.get_user_id('bob'), 'spam') ->> 'id' as ignored \gset
reset role;
select set_config('request.jwt.claims', '', true);

select results_eq(
    format(
        $$
            select a.event, a.actor_id, a.actor_role, a.old_data ->> 'status', a.new_data ->> 'status',
                a.request_id
            from app.audit_log as a
            where a.entity_type = 'order' and a.entity_id = %L and a.actor_id is not null
            order by a.id
        $$,
        :'o1'
    ),
    $$
        values
        ('order.approved', tests.get_user_id('mona'), 'monitor', 'awaiting_approval', 'approved', 'req-approve-1'),
        ('order.delivered', tests.get_user_id('mona'), 'monitor', 'approved', 'delivered', 'req-approve-1')
    $$,
    'order transitions are audited with actor, role, old -> new and the request id'
);
select results_eq(
    $$
        select a.event, a.actor_role, a.request_id from app.audit_log as a
        where a.entity_type = 'moderation_action' order by a.id
    $$,
    $$ values ('moderation.approve', 'monitor', 'req-approve-1'), ('moderation.block', 'monitor', null) $$,
    'moderation actions are audited'
);
select results_eq(
    $$
        select a.event, a.actor_id, a.old_data, a.new_data, a.request_id from app.audit_log as a
        where a.entity_type = 'profile' and a.entity_id = tests.get_user_id('bob')::text
        and a.event = 'profile.blocked'
    $$,
    $$
        values (
            'profile.blocked', tests.get_user_id('mona'),
            '{"is_blocked": false}'::jsonb, '{"is_blocked": true}'::jsonb, null::text
        )
    $$,
    'a block is audited on the profile, without a request id when there is none'
);

update app.profiles set role = 'reader' where id = tests.get_user_id('bob');
select results_eq(
    $$
        select a.actor_id, a.actor_role, a.old_data, a.new_data from app.audit_log as a
        where a.event = 'profile.role_changed' and a.entity_id = tests.get_user_id('bob')::text
    $$,
    $$ values (null::uuid, 'system', '{"role": "client"}'::jsonb, '{"role": "reader"}'::jsonb) $$,
    'a role change is audited (here by the platform)'
);

-- as the platform's service key would (the service role itself has no write grant on profiles)
select set_config('request.jwt.claims', '{"role": "service_role"}', true);
update app.profiles set phone_verified = false where id = tests.get_user_id('alice');
select set_config('request.jwt.claims', '', true);
select results_eq(
    $$
        select a.actor_role, a.old_data ->> 'phone_verified', a.new_data ->> 'phone_verified'
        from app.audit_log as a
        where a.event = 'profile.verification_changed' and a.entity_id = tests.get_user_id('alice')::text
        order by a.id desc limit 1
    $$,
    $$ values ('service_role', 'true', 'false') $$,
    'a verification change is audited with the service role as actor'
);

update app.app_settings set value = '21' where key = 'profiles.minimum_age';
select results_eq(
    $$
        select a.old_data, a.new_data from app.audit_log as a
        where a.event = 'settings.changed' and a.entity_id = 'profiles.minimum_age'
    $$,
    $$ values ('{"value": 18}'::jsonb, '{"value": 21}'::jsonb) $$,
    'a settings change is audited with old and new value'
);

update app.profiles set first_name = 'Renamed' where id = tests.get_user_id('alice');
select is_empty(
    $$
        select 1 from app.audit_log as a
        where a.entity_id = tests.get_user_id('alice')::text and a.event = 'profile.updated'
    $$,
    'harmless profile edits are not audited'
);

select throws_ok(
    $$ update app.audit_log set actor_role = 'nobody' where event like 'order.%' $$,
    'AUDRO', null, 'the new audit rows cannot be updated, even by postgres'
);
select throws_ok(
    $$ delete from app.audit_log where event like 'moderation.%' $$,
    'AUDRO', null, 'the new audit rows cannot be deleted, even by postgres'
);
select tests.authenticate_as_service_role();
select throws_ok(
    $$ delete from app.audit_log where event like 'profile.%' $$,
    '42501', null, 'the service role cannot delete audit rows'
);
select tests.authenticate_as('adam');
select isnt_empty(
    $$ select 1 from app.audit_log as a where a.event = 'order.delivered' $$,
    'admins read the order audit rows'
);
select tests.authenticate_as('mona');
select is_empty(
    $$ select 1 from app.audit_log $$,
    'monitors do not read the audit log'
);

select * from finish();
rollback;
