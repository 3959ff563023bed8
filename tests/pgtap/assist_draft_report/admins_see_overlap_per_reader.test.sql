-- assist_draft_report: admins see, per reader, how much of the submitted results came from
-- drafts and which drafts were requested; nobody else may run it.
begin;
select plan(9);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rob', 'test: o2') as o2 \gset

select tests.authenticate_as('rita');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values (:'o1', 'extractive', 'extractive-v1', 'The Tower speaks of sudden change.', 'en');
select public.submit_order_result(:'o1', 'The Tower speaks of sudden change.');
select tests.authenticate_as('rob');
select public.submit_order_result(:'o2', 'My own reading.');

select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.assist_draft_report() $$,
    '42501', null, 'a monitor cannot run the report'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.assist_draft_report() $$,
    '42501', null, 'a reader cannot run the report'
);

select tests.authenticate_as('adam');
select throws_ok(
    $$ select public.assist_draft_report(now(), now() - interval '1 day') $$,
    'OPSRG', null, 'an empty period is refused'
);
select throws_ok(
    $$ select public.assist_draft_report(now() - interval '367 days', now()) $$,
    'OPSRG', null, 'a period over 366 days is refused'
);
select lives_ok(
    $$ select public.assist_draft_report(now() - interval '366 days', now()) $$,
    'a period of 366 days is reported'
);
select is(
    public.assist_draft_report() -> 'totals',
    '{"results": 2, "results_with_drafts": 1, "results_mostly_drafted": 1, "mean_overlap": 1,
      "drafts": 1, "llm_drafts": 0, "fallbacks": 0}'::jsonb,
    'the totals count results, drafted results and drafts'
);
select is(
    (
        select r - 'reader_id'
        from jsonb_array_elements(public.assist_draft_report() -> 'readers') as r
        where (r ->> 'reader_id')::uuid = tests.get_user_id('rita')
    ),
    '{"results": 1, "results_with_drafts": 1, "results_mostly_drafted": 1, "mean_overlap": 1,
      "llm_drafts": 0, "extractive_drafts": 1, "fallbacks": 0}'::jsonb,
    'a reader who submitted a draft as it was shows an overlap of 1'
);
select is(
    (
        select r ->> 'results_with_drafts'
        from jsonb_array_elements(public.assist_draft_report() -> 'readers') as r
        where (r ->> 'reader_id')::uuid = tests.get_user_id('rob')
    ),
    '0',
    'a reader without drafts has no drafted results'
);
select is(
    public.assist_draft_report(now() - interval '3 days', now() - interval '2 days') -> 'totals'
    ->> 'results',
    '0',
    'results outside the period do not count'
);

select * from finish();
rollback;
