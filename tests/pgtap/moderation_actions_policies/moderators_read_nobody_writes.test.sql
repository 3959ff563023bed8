-- app.moderation_actions: monitors, admins and superadmins read it; no API role writes it.
begin;
select plan(9);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('mona');
select public.block_profile(tests.get_user_id('bob'), 'spam');
reset role;

select tests.clear_authentication();
select throws_ok(
    $$ select 1 from app.moderation_actions $$,
    '42501', null, 'anon cannot read moderation actions'
);
select tests.authenticate_as('alice');
select is_empty($$ select 1 from app.moderation_actions $$, 'alice sees no moderation action');
select tests.authenticate_as('bob');
select is_empty($$ select 1 from app.moderation_actions $$, 'bob sees no moderation action');
select tests.authenticate_as('rita');
select is_empty($$ select 1 from app.moderation_actions $$, 'rita sees no moderation action');
select tests.authenticate_as('mona');
select isnt_empty($$ select 1 from app.moderation_actions $$, 'mona reads moderation actions');
select tests.authenticate_as('adam');
select isnt_empty($$ select 1 from app.moderation_actions $$, 'adam reads moderation actions');
select tests.authenticate_as('sara');
select isnt_empty($$ select 1 from app.moderation_actions $$, 'sara reads moderation actions');
select tests.authenticate_as('mona');
select throws_ok(
    $$ insert into app.moderation_actions (action, target_profile_id) values ('block', auth.uid()) $$,
    '42501', null, 'a monitor cannot write moderation actions directly'
);
select tests.authenticate_as('adam');
select throws_ok(
    $$ delete from app.moderation_actions $$,
    '42501', null, 'an admin cannot delete moderation actions'
);

select * from finish();
rollback;
