-- app.assist_drafts: a confidence is a finite number. Infinity and NaN (what -Infinity or NaN
-- log-probabilities of a chat endpoint make) are refused, for the kept sample and every sample.
begin;
select plan(6);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset

select lives_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, model, prompt_version,
               sample_confidences, confidence, text, language)
           values (%L, %L, 'llm', 'm', 'v1', '{0.5, 2.25}', 2.25, 'The Sun: joy.', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    'a draft with finite confidences is stored'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, model, prompt_version,
               sample_confidences, confidence, text, language)
           values (%L, %L, 'llm', 'm', 'v1', '{0.5}', 'Infinity', 'x', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    '23514', null, 'an infinite confidence is refused'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, model, prompt_version,
               sample_confidences, confidence, text, language)
           values (%L, %L, 'llm', 'm', 'v1', '{0.5}', 'NaN', 'x', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    '23514', null, 'a NaN confidence is refused'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, prompt_version,
               sample_confidences, text, language)
           values (%L, %L, 'extractive', 'v1', '{0.5, -Infinity}', 'x', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    '23514', null, 'a sample of -Infinity is refused'
);
select throws_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, prompt_version,
               sample_confidences, text, language)
           values (%L, %L, 'extractive', 'v1', '{NaN}', 'x', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    '23514', null, 'a NaN sample is refused'
);
select lives_ok(
    format(
        $$ insert into app.assist_drafts (order_id, author_id, kind, prompt_version, text,
               language)
           values (%L, %L, 'extractive', 'v1', 'y', 'en') $$,
        :'o1', tests.get_user_id('rita')
    ),
    'an extractive draft without samples is stored'
);

select * from finish();
rollback;
