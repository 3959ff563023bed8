-- ops_metrics: per day, the calls that ended (their minutes and no-shows by who stayed away) and
-- the results submitted (the share compared with a draft, the mean share of draft words kept).
begin;
select plan(5);

select tests.create_user('adam', 'admin');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_client_who_may_order('alice');

-- calls: 1 Nov a completed 10-minute call and a client no-show; 2 Nov a 20-minute call and a
-- reader no-show; one ending on 3 Nov is outside the range
select tests.create_booked_call('alice', 'rita', '2026-11-01 09:00:00+00', 15) as c1 \gset
select tests.create_booked_call('alice', 'rita', '2026-11-01 10:00:00+00', 15) as c2 \gset
select tests.create_booked_call('alice', 'rita', '2026-11-02 09:00:00+00', 30) as c3 \gset
select tests.create_booked_call('alice', 'rita', '2026-11-02 10:00:00+00', 15) as c4 \gset
select tests.create_booked_call('alice', 'rita', '2026-11-03 09:00:00+00', 15) as c5 \gset
-- the calls trigger derives a natural end's reason from who joined and its duration from the
-- conference's start
insert into app.calls (
    order_id, conference_name, time_limit_seconds, state, initiated_at, reader_joined_at,
    client_joined_at, started_at, ended_at, end_reason
)
values
(
    :'c1', 'bk_' || :'c1', 900, 'ended', '2026-11-01 09:00:00+00', '2026-11-01 09:00:00+00',
    '2026-11-01 09:00:00+00', '2026-11-01 09:00:00+00', '2026-11-01 09:10:00+00', 'completed'
),
(
    :'c2', 'bk_' || :'c2', 900, 'ended', '2026-11-01 10:00:00+00', '2026-11-01 10:00:00+00',
    null, null, '2026-11-01 10:05:00+00', 'completed'
),
(
    :'c3', 'bk_' || :'c3', 1800, 'ended', '2026-11-02 09:00:00+00', '2026-11-02 09:00:00+00',
    '2026-11-02 09:00:00+00', '2026-11-02 09:00:00+00', '2026-11-02 09:20:00+00', 'completed'
),
(
    :'c4', 'bk_' || :'c4', 900, 'ended', '2026-11-02 10:00:00+00', null,
    '2026-11-02 10:00:00+00', null, '2026-11-02 10:05:00+00', 'completed'
),
(
    :'c5', 'bk_' || :'c5', 900, 'ended', '2026-11-03 09:00:00+00', '2026-11-03 09:00:00+00',
    '2026-11-03 09:00:00+00', '2026-11-03 09:00:00+00', '2026-11-03 09:15:00+00', 'completed'
);

-- results: 1 Nov rita hands in her draft as it was, rob his own words (no draft); 2 Nov rita
-- asks for a draft and writes none of its words
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rob', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o3') as o3 \gset
select tests.authenticate_as('rita');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values (:'o1', 'extractive', 'extractive-v1', 'The Tower speaks of sudden change.', 'en');
select public.submit_order_result(:'o1', 'The Tower speaks of sudden change.');
select tests.authenticate_as('rob');
select public.submit_order_result(:'o2', 'My own reading.');
select tests.authenticate_as('rita');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values (:'o3', 'extractive', 'extractive-v1', 'The Tower speaks of sudden change.', 'en');
select public.submit_order_result(:'o3', 'Quiet growth awaits.');
-- a hand-in is stamped with the transaction's time, so the test owner dates them afterwards
reset role;
update app.orders
set
    submitted_at = case
        when id = :'o3' then '2026-11-02 12:00:00+00'::timestamptz
        else '2026-11-01 12:00:00+00'::timestamptz
    end
where id in (:'o1', :'o2', :'o3');

select tests.authenticate_as('adam');
select public.ops_metrics('2026-11-01 00:00:00+00', '2026-11-03 00:00:00+00', 'day') as m \gset

select is(
    (
        select
            jsonb_agg(
                jsonb_build_object(
                    'calls_ended', b -> 'calls_ended', 'call_minutes', b -> 'call_minutes',
                    'no_shows', b -> 'no_shows', 'no_shows_by', b -> 'no_shows_by'
                )
                order by b ->> 'start'
            )
        from jsonb_array_elements(:'m'::jsonb -> 'buckets') as b
    ),
    '[{"calls_ended": 2, "call_minutes": 10.00, "no_shows": 1,
       "no_shows_by": {"reader": 0, "client": 1, "both": 0}},
      {"calls_ended": 2, "call_minutes": 20.00, "no_shows": 1,
       "no_shows_by": {"reader": 1, "client": 0, "both": 0}}]'::jsonb,
    'each day counts the calls that ended in it, their minutes and no-shows'
);
select is(
    (:'m'::jsonb #>> '{totals,call_minutes}')::numeric, 30.00,
    'the total minutes leave out a call that ended after the range'
);
select is(
    (
        select
            jsonb_agg(
                jsonb_build_object(
                    'results', b -> 'results', 'results_with_drafts', b -> 'results_with_drafts',
                    'ai_assisted_share', b -> 'ai_assisted_share',
                    'draft_kept_share', b -> 'draft_kept_share'
                )
                order by b ->> 'start'
            )
        from jsonb_array_elements(:'m'::jsonb -> 'buckets') as b
    ),
    '[{"results": 2, "results_with_drafts": 1, "ai_assisted_share": 0.5,
       "draft_kept_share": 1},
      {"results": 1, "results_with_drafts": 1, "ai_assisted_share": 1,
       "draft_kept_share": 0}]'::jsonb,
    'each day gives the share of results with a draft and how much of the drafts was kept'
);
select is(
    (:'m'::jsonb -> 'totals') - array[
        'orders', 'assigned', 'delivered', 'seconds_to_assign', 'seconds_to_deliver',
        'seconds_to_approve', 'approvals', 'rejections', 'approval_rate', 'rejection_rate',
        'calls_ended', 'call_minutes', 'no_shows', 'no_shows_by'
    ],
    '{"results": 3, "results_with_drafts": 2, "ai_assisted_share": 0.6667,
      "draft_kept_share": 0.5}'::jsonb,
    'the totals weigh every result of the range'
);
select is(:'m'::jsonb -> 'not_yet_covered', '[]'::jsonb, 'nothing is listed as not covered');

select * from finish();
rollback;
