-- assist_drafts policies: the order's assigned reader and staff read its drafts; its client,
-- another client, another reader and anon never do. Only the assigned reader stores a draft,
-- as theirs; nobody changes or removes one.
begin;
select plan(17);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('bob', 'in_progress', 'rob', 'test: o3') as o3 \gset

insert into app.assist_drafts (order_id, author_id, kind, prompt_version, text, language)
values (:'o1', tests.get_user_id('rita'), 'extractive', 'extractive-v1', 'The Sun: joy.', 'en');

select tests.clear_authentication();
select throws_ok(
    $$ select * from app.assist_drafts $$,
    '42501', null, 'anon cannot read drafts at all'
);

select tests.authenticate_as('alice');
select is_empty(
    $$ select * from app.assist_drafts $$,
    'the order''s own client never reads its drafts'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
           values (%L, 'extractive', 'x', 'mine', 'en') $$,
        :'o1'
    ),
    '42501', null, 'a client cannot store a draft'
);

select tests.authenticate_as('bob');
select is_empty(
    $$ select * from app.assist_drafts $$,
    'another client never reads the drafts'
);

select tests.authenticate_as('rob');
select is_empty(
    $$ select * from app.assist_drafts $$,
    'another reader does not read the drafts of an order not assigned to them'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
           values (%L, 'extractive', 'x', 'planted', 'en') $$,
        :'o1'
    ),
    'ORDNF', null, 'another reader cannot store a draft on the order'
);

select tests.authenticate_as('rita');
select is(
    (select count(*)::integer from app.assist_drafts where order_id = :'o1'),
    1, 'the assigned reader reads the order''s drafts'
);
select results_eq(
    format(
        $$ insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
           values (%L, 'extractive', 'extractive-v1', 'Second draft.', 'en')
           returning author_id $$,
        :'o1'
    ),
    format($$ values (%L::uuid) $$, tests.get_user_id('rita')),
    'the assigned reader stores a draft, which is theirs'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, prompt_version, text, language)
           values (%L, %L, 'extractive', 'x', 'forged', 'en') $$,
        :'o1', tests.get_user_id('rob')
    ),
    '42501', null, 'nobody names the author of their draft'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
           values (%L, 'extractive', 'x', 'late', 'en') $$,
        :'o2'
    ),
    'ORDTR', null, 'no draft is stored for an order already handed in'
);
select throws_ok(
    $$ update app.assist_drafts set text = 'changed' $$,
    '42501', null, 'a draft is never changed'
);
select throws_ok(
    $$ delete from app.assist_drafts $$,
    '42501', null, 'a draft is never deleted'
);

select tests.authenticate_as('mona');
select is(
    (select count(*)::integer from app.assist_drafts where order_id = :'o1'),
    2, 'a monitor reads every order''s drafts'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
           values (%L, 'extractive', 'x', 'staff', 'en') $$,
        :'o1'
    ),
    '42501', null, 'a monitor cannot store a draft'
);

select tests.authenticate_as('adam');
select is(
    (select count(*)::integer from app.assist_drafts where order_id = :'o1'),
    2, 'an admin reads every order''s drafts'
);

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('mona');
select tests.authenticate_as('mona');
select is_empty(
    $$ select * from app.assist_drafts $$,
    'a blocked monitor reads no drafts'
);

select tests.authenticate_as('adam');
select public.assign_order(:'o1', tests.get_user_id('rob'), true);
select tests.authenticate_as('rita');
select is_empty(
    $$ select * from app.assist_drafts $$,
    'a reader the order was taken from no longer reads its drafts'
);

select * from finish();
rollback;
