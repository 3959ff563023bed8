-- job_purge_old: at a frozen clock, rows exactly one day (or one second) past their kind's
-- retention go, with the files of their audio listed for Storage; rows one step younger stay.
-- Each kind reads its own setting (retention.<kind>_days, default 50).
begin;
select plan(11);

select tests.create_user('mona', 'monitor');
select tests.create_user('carl', 'client');
select tests.freeze_time('2026-12-01 12:00:00+00');

-- horoscopes: today is 2026-12-01 (Asia/Riyadh); 50 days keep 2026-10-12 and after
insert into app.media_assets (owner_id, kind, bucket, path, mime_type, purpose)
values
(tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'mona/old.m4a', 'audio/mp4', 'horoscope_audio'),
(tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'mona/kept.m4a', 'audio/mp4', 'horoscope_audio');
select tests.authenticate_as('mona');
select app.record_horoscope_audio(
    'ingest', 'aries', '2026-10-11', 'https://www.tiktok.com/@s/video/1',
    (select id from app.media_assets where path = 'mona/old.m4a'), 60000
);
select app.record_horoscope_audio(
    'ingest', 'aries', '2026-10-12', 'https://www.tiktok.com/@s/video/2',
    (select id from app.media_assets where path = 'mona/kept.m4a'), 60000
);
reset role;

-- phone verification attempts: a 10-day retention, either side of its cutoff
insert into app.app_settings (key, value)
values ('retention.phone_verification_attempts_days', '10')
on conflict (key) do update set value = excluded.value;
insert into app.phone_verification_attempts (user_id, phone, kind, channel, created_at)
values
(tests.get_user_id('carl'), '+971500000001', 'start', 'sms', '2026-11-21 11:59:59+00'),
(tests.get_user_id('carl'), '+971500000002', 'start', 'sms', '2026-11-21 12:00:00+00');

-- exports: gone once past their expires_at, kept up to it
insert into app.exports (requested_by, datasets, range_from, range_to, storage_path, expires_at)
values
(
    tests.get_user_id('mona'), '{orders}', '2026-01-01', '2026-02-01', 'masked/expired.zip',
    '2026-12-01 11:59:59+00'
),
(
    tests.get_user_id('mona'), '{orders}', '2026-01-01', '2026-02-01', 'masked/kept.zip',
    '2026-12-01 12:00:00+00'
);

select tests.authenticate_as_service_role();
select app.run_job('purge_old', 'cli') -> 'result' as purged \gset
reset role;

select is((:'purged'::jsonb ->> 'horoscopes')::integer, 1, 'one horoscope was past retention');
select results_eq(
    $$ select horoscope_date from app.horoscopes where sign = 'aries' $$,
    $$ values ('2026-10-12'::date) $$,
    'the horoscope of the first day kept stays, the day before goes'
);
select results_eq(
    $$ select path from app.media_assets where path like 'mona/%' $$,
    $$ values ('mona/kept.m4a'::text) $$,
    'the purged horoscope''s audio row goes with it'
);
select ok(
    :'purged'::jsonb -> 'files'
    @> '[{"bucket": "horoscope-audio", "path": "mona/old.m4a", "reason": "purged"}]',
    'its file is listed for removal from Storage'
);
select ok(
    not :'purged'::jsonb -> 'files' @> '[{"path": "mona/kept.m4a"}]',
    'the kept audio''s file is not'
);
select is((:'purged'::jsonb ->> 'phone_verification_attempts')::integer, 1, 'one attempt went');
select results_eq(
    $$ select phone from app.phone_verification_attempts
       where user_id = tests.get_user_id('carl') $$,
    $$ values ('+971500000002'::text) $$,
    'the attempt made exactly at the cutoff stays (its own 10-day setting)'
);
select results_eq(
    $$ select status from app.job_runs where job = 'purge_old' order by id desc limit 1 $$,
    $$ values ('succeeded'::text) $$,
    'the run is recorded'
);
select results_eq(
    $$ select storage_path from app.exports where storage_path like 'masked/%.zip' $$,
    $$ values ('masked/kept.zip'::text) $$,
    'an export goes one second past its expiry, not at it'
);
select ok(
    :'purged'::jsonb -> 'files'
    @> '[{"bucket": "exports", "path": "masked/expired.zip", "reason": "expired_export"}]',
    'and its file is listed for removal'
);
select is(app.retention_days('nothing_set'), 50, 'a kind without a setting keeps 50 days');

select * from finish();
rollback;
