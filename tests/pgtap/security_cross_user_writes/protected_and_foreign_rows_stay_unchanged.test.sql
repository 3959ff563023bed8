-- A user cannot change their own role, phone, verification or block flags, nor anybody
-- else's profile or order, nor write the append-only tables.
begin;
select plan(15);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');

select tests.create_order_in_state('bob', 'new', null, 'test: bob') as o1 \gset

select tests.authenticate_as('alice');
select throws_ok(
    $$ update app.profiles set role = 'superadmin' where id = auth.uid() $$,
    '42501', null, 'no own role change'
);
select throws_ok(
    $$ update app.profiles set phone = '+971500000077' where id = auth.uid() $$,
    '42501', null, 'no own phone change'
);
select throws_ok(
    $$ update app.profiles set phone_verified = true where id = auth.uid() $$,
    '42501', null, 'no own phone verification'
);
select throws_ok(
    $$ update app.profiles set email_verified = true where id = auth.uid() $$,
    '42501', null, 'no own email verification'
);
select throws_ok(
    $$ update app.profiles set is_blocked = false, blocked_at = null where id = auth.uid() $$,
    '42501', null, 'no own block change'
);
select results_eq(
    $$
        select c.role, c.phone_verified, c.is_blocked
        from public.complete_profile('Alice', 'Test', date '1990-05-05', 'AE', 'Asia/Dubai', 'en') as c
    $$,
    $$ values ('client', false, false) $$,
    'complete_profile leaves role, verification and block state alone'
);
select lives_ok(
    format($$ update app.profiles set first_name = 'owned' where id = %L $$, tests.get_user_id('bob')),
    'an update of another profile runs ...'
);
select is_empty(
    format(
        $$ update app.orders set status = 'cancelled', cancel_reason = 'x' where id = %L returning 1 $$,
        :'o1'
    ),
    'a direct update of another client''s order reaches no row'
);
select throws_ok(
    $$ insert into app.audit_log (event, entity_type) values ('forged', 'x') $$,
    '42501', null, 'no audit row is forged'
);
select throws_ok(
    $$ insert into app.moderation_actions (action, target_profile_id, reason) values ('unblock', auth.uid(), 'x') $$,
    '42501', null, 'no moderation row is forged'
);
select throws_ok(
    $$ update app.app_settings set value = '100' where key = 'profiles.minimum_age' $$,
    '42501', null, 'no setting is written directly'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ update app.profiles set role = 'admin' where id = %L $$, tests.get_user_id('rita')),
    '42501', null, 'a monitor cannot change another user''s role'
);
select throws_ok(
    format($$ update app.profiles set is_blocked = true where id = %L $$, tests.get_user_id('rita')),
    '42501', null, 'a monitor cannot block by a direct update'
);

reset role;
select is(
    (select p.first_name from app.profiles as p where p.id = tests.get_user_id('bob')),
    null, '... but changes nothing'
);
select is(
    (select o.status::text from app.orders as o where o.id = :'o1'),
    'new', 'and the other client''s order is unchanged'
);

select * from finish();
rollback;
