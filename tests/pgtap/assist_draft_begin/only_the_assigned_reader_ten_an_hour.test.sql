-- assist_draft_begin: only the order's assigned reader starts a draft, while they may work on
-- the order, at most 10 an hour; the answer says what the draft is about, in the question's
-- language unless one is asked for, with the chart's placements for an astro order.
begin;
select plan(17);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'Will I find a job?') as o1 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'هل سأجد عملا؟', 'astro') as o3 \gset
select tests.attach_astro_chart(:'o3');
select tests.create_order_in_state('alice', 'rejected', 'rita', 'test: o4') as o4 \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    '42501', null, 'anon cannot start a draft'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    '42501', null, 'the order''s client cannot start a draft'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    'ORDNF', null, 'another reader cannot start a draft on the order'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    '42501', null, 'a monitor cannot start a draft'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    '42501', null, 'an admin cannot start a draft'
);

select tests.authenticate_as('rita');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o2'),
    'ORDTR', null, 'no draft for an order already handed in'
);
select throws_ok(
    format($$ select app.assist_draft_begin(%L, 'fr') $$, :'o1'),
    'BADLG', null, 'a language other than ar or en is refused'
);
select is(
    app.assist_draft_begin(:'o1') - 'order_id',
    jsonb_build_object(
        'service_code', 'tarot', 'service_name', 'Tarot reading',
        'question', 'Will I find a job?', 'language', 'en', 'placements', '[]'::jsonb
    ),
    'the assigned reader starts a draft about the question, in its language'
);
select is(
    app.assist_draft_begin(:'o1', 'ar') ->> 'service_name',
    'قراءة التاروت',
    'the reader may ask for the other language'
);
select is(
    app.assist_draft_begin(:'o3') ->> 'language',
    'ar', 'an Arabic question is drafted in Arabic'
);
select is(
    app.assist_draft_begin(:'o3') -> 'placements' ->> 0,
    'الشمس في الثور 10°50′، البيت 9',
    'an astro order brings its chart''s placements, in the draft''s language'
);
select is(
    app.assist_draft_begin(:'o3', 'en') -> 'placements' ->> 0,
    'Sun in Taurus 10°50′, house 9',
    'the placements follow the language asked for'
);
select ok(
    app.assist_draft_begin(:'o4') is not null,
    'a rejected order may be drafted for again'
);
-- six drafts started so far (the refused ones cost nothing: their error rolled them back);
-- four more fit
select lives_ok(
    format(
        $$ select app.assist_draft_begin(%1$L), app.assist_draft_begin(%1$L),
           app.assist_draft_begin(%1$L), app.assist_draft_begin(%1$L) $$,
        :'o1'
    ),
    'ten drafts an hour are allowed'
);
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    'PT429', null, 'the eleventh draft within the hour is refused'
);
select ok(
    (
        tests.error_detail(format($$ select app.assist_draft_begin(%L) $$, :'o1'))
        ->> 'retry_after_seconds'
    )::integer > 0,
    'the refusal says when to retry'
);

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o1'),
    'USRBL', null, 'a blocked reader cannot start a draft'
);

select * from finish();
rollback;
