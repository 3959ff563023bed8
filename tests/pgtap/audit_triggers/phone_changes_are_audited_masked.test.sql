-- profiles_audit_change: every change of a profile's phone number writes one
-- 'profile.phone_changed' row with the actor and the old and new numbers masked, whichever path
-- changed it (the verification check acting for the user, or the platform); no change writes
-- nothing, and no audit row ever holds a full number.
begin;
select plan(7);

select tests.create_user('alice', 'client');

-- as verify_phone_check's service step does it: service_role, acting for the signed-in user
create function pg_temp.verify_as_the_function(p_user text, p_phone text) returns void
language plpgsql
as $$
begin
    perform tests.authenticate_as_service_role();
    perform pg_catalog.set_config(
        'request.jwt.claims',
        pg_catalog.jsonb_build_object('role', 'service_role', 'sub', tests.get_user_id(p_user))::text,
        true
    );
    perform app.mark_phone_verified(tests.get_user_id(p_user), p_phone);
    reset role;
    perform pg_catalog.set_config('request.jwt.claims', '', true);
end;
$$;

select pg_temp.verify_as_the_function('alice', '+971501234567');
select results_eq(
    $$
        select a.actor_id, a.actor_role, a.old_data, a.new_data from app.audit_log as a
        where a.event = 'profile.phone_changed' and a.entity_id = tests.get_user_id('alice')::text
    $$,
    $$
        values (
            tests.get_user_id('alice'), 'client',
            '{"phone": null, "phone_verified": false}'::jsonb,
            '{"phone": "+971***67", "phone_verified": true}'::jsonb
        )
    $$,
    'the first verified number is audited, masked, with the client as actor'
);

select max(a.id) as before_change from app.audit_log as a \gset
select pg_temp.verify_as_the_function('alice', '+447700900123');
select results_eq(
    format(
        $$
            select a.event, a.actor_id, a.actor_role, a.old_data, a.new_data
            from app.audit_log as a
            where a.entity_id = tests.get_user_id('alice')::text and a.id > %s
        $$,
        :before_change
    ),
    $$
        values (
            'profile.phone_changed', tests.get_user_id('alice'), 'client',
            '{"phone": "+971***67", "phone_verified": true}'::jsonb,
            '{"phone": "+447***23", "phone_verified": true}'::jsonb
        )
    $$,
    'changing a verified number writes exactly one row: masked old -> masked new, and the actor'
);

select max(a.id) as before_same from app.audit_log as a \gset
select pg_temp.verify_as_the_function('alice', '+447700900123');
select is_empty(
    format(
        $$ select 1 from app.audit_log as a where a.entity_id = tests.get_user_id('alice')::text and a.id > %s $$,
        :before_same
    ),
    'verifying the same number again writes nothing'
);

-- the platform (an admin's SQL, a support fix) sets an unverified number: audited too
update app.profiles set phone = '+12025550143', phone_verified = false
where id = tests.get_user_id('alice');
select results_eq(
    $$
        select a.actor_id, a.actor_role, a.old_data ->> 'phone', a.new_data ->> 'phone',
            (a.new_data ->> 'phone_verified')::boolean
        from app.audit_log as a
        where a.event = 'profile.phone_changed' and a.entity_id = tests.get_user_id('alice')::text
        order by a.id desc limit 1
    $$,
    $$ values (null::uuid, 'system', '+447***23', '+120***43', false) $$,
    'an unverified change made by the platform is audited, masked, with the system as actor'
);

update app.profiles set phone = null where id = tests.get_user_id('alice');
select results_eq(
    $$
        select a.old_data ->> 'phone', a.new_data -> 'phone'
        from app.audit_log as a
        where a.event = 'profile.phone_changed' and a.entity_id = tests.get_user_id('alice')::text
        order by a.id desc limit 1
    $$,
    $$ values ('+120***43', 'null'::jsonb) $$,
    'removing the number is audited as a change to null'
);

select is(
    (
        select count(*)::integer from app.audit_log as a
        where
            a.entity_id = tests.get_user_id('alice')::text
            and (
                a::text like '%971501234567%' or a::text like '%447700900123%'
                or a::text like '%12025550143%'
            )
    ),
    0,
    'no audit row holds any of the full numbers'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ update app.profiles set phone = '+971509999999' where id = auth.uid() $$,
    '42501', null, 'a client still cannot change the number directly (and nothing is audited)'
);

select * from finish();
rollback;
