-- job_purge_old: at a frozen clock, an assist draft no result came from goes once it is older
-- than retention.assist_drafts_days (default 50); one made at the cutoff stays, and so does an
-- old draft a result points at (its provenance).
begin;
select plan(4);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o3') as o3 \gset

-- a draft is stamped with the transaction's time, so the test owner dates them afterwards; the
-- cutoff at 2026-12-01 12:00 with 50 days is 2026-10-12 12:00
select tests.authenticate_as('rita');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values
(:'o1', 'extractive', 'extractive-v1', 'test: an old draft nobody used.', 'en'),
(:'o2', 'extractive', 'extractive-v1', 'The Tower speaks of sudden change.', 'en'),
(:'o3', 'extractive', 'extractive-v1', 'test: a draft made at the cutoff.', 'en');
select public.submit_order_result(:'o2', 'The Tower speaks of sudden change.');
reset role;
update app.assist_drafts
set created_at = case
    when order_id = :'o3' then '2026-10-12 12:00:00+00'::timestamptz
    else '2026-10-12 11:59:59+00'::timestamptz
end;

select tests.freeze_time('2026-12-01 12:00:00+00');
select tests.authenticate_as_service_role();
select app.run_job('purge_old', 'cli') -> 'result' as purged \gset
reset role;

select is((:'purged'::jsonb ->> 'assist_drafts')::integer, 1, 'one draft was past retention');
select results_eq(
    $$ select order_id from app.assist_drafts order by created_at, order_id $$,
    format($$ values (%L::uuid), (%L::uuid) $$, :'o2', :'o3'),
    'the undelivered draft past the cutoff goes; the one made at the cutoff stays'
);
select ok(
    (select r.draft_id is not null from app.order_results as r where r.order_id = :'o2'),
    'an old draft a result came from stays, and the result still points at it'
);

-- a shorter setting moves the cutoff: at 10 days the draft made at the old cutoff goes too
insert into app.app_settings (key, value)
values ('retention.assist_drafts_days', '10')
on conflict (key) do update set value = excluded.value;
select tests.authenticate_as_service_role();
select is(app.purge_old_assist_drafts(), 1, 'retention.assist_drafts_days sets the cutoff');
reset role;

select * from finish();
rollback;
