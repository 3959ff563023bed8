-- get_daily_horoscope: the public (anon and signed-in non-staff) sees a horoscope only when it
-- is approved and of today, today starting at midnight of horoscopes.time_zone (Asia/Riyadh,
-- UTC+3), on both sides of that boundary; staff see every day and state.
begin;
select plan(20);

select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('carl', 'client');

-- two stored audio files, keyed `<uploader>/<media_id>` as the media path stores them
select
    gen_random_uuid() as m1,
    gen_random_uuid() as m2,
    tests.get_user_id('mona') as mona
\gset
insert into app.media_assets (id, owner_id, purpose, kind, bucket, path, mime_type)
values
(
    :'m1', :'mona', 'horoscope_audio', 'audio', 'horoscope-audio', :'mona' || '/' || :'m1',
    'audio/mp4'
),
(
    :'m2', :'mona', 'horoscope_audio', 'audio', 'horoscope-audio', :'mona' || '/' || :'m2',
    'audio/mp4'
);
insert into storage.objects (bucket_id, name, owner_id)
select m.bucket, m.path, m.owner_id::text
from app.media_assets as m where m.id in (:'m1', :'m2');

select tests.authenticate_as('mona');
select (app.record_horoscope_audio(
    'ingest', 'leo', '2026-12-01', 'https://www.tiktok.com/@s/video/1', :'m1', 60000
) #>> '{horoscope,id}') as approved_id \gset
select public.approve_horoscope(:'approved_id');
select app.record_horoscope_audio(
    'ingest', 'leo', '2026-12-02', 'https://www.tiktok.com/@s/video/2', :'m2', 60000
);

-- one second before midnight in Riyadh on 30 November: 1 December is not today yet
select tests.freeze_time('2026-11-30 20:59:59+00');
select tests.clear_authentication();
select is(public.get_daily_horoscope('leo'), null, 'anon sees nothing before the day starts');
select is(
    public.get_daily_horoscope('leo', '2026-12-01'), null,
    'anon cannot ask for another day'
);
select is_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'anon cannot read the audio before its day'
);

-- midnight in Riyadh: 1 December has started (it is still 30 November in UTC)
select tests.freeze_time('2026-11-30 21:00:00+00');
select is(
    public.get_daily_horoscope('leo') ->> 'id', :'approved_id',
    'anon sees the approved horoscope from midnight of its day'
);
select is(
    public.get_daily_horoscope('leo') #>> '{audio,path}',
    tests.get_user_id('mona') || '/' || :'m1',
    'anon gets the audio''s storage path to sign'
);
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'horoscope-audio'), 1,
    'anon may see (so sign) the approved audio file of today, not the pending one'
);
select ok(
    not public.get_daily_horoscope('leo') ? 'source_url',
    'anon does not see the staff fields'
);
select tests.authenticate_as('carl');
select is(
    public.get_daily_horoscope('leo') ->> 'status', 'approved',
    'a signed-in client sees today''s approved horoscope too'
);

-- the last second of 1 December in Riyadh, then 2 December (pending) begins
select tests.freeze_time('2026-12-01 20:59:59+00');
select tests.clear_authentication();
select is(
    public.get_daily_horoscope('leo') ->> 'id', :'approved_id',
    'anon still sees it at the last second of its day'
);
select tests.freeze_time('2026-12-01 21:00:00+00');
select is(public.get_daily_horoscope('leo'), null, 'anon sees no pending horoscope');
select is(
    public.get_daily_horoscope('leo', '2026-12-01'), null,
    'yesterday''s approved horoscope is gone for anon'
);
select tests.authenticate_as('carl');
select is(
    public.get_daily_horoscope('leo', '2026-12-01'), null,
    'yesterday''s approved horoscope is gone for a client'
);
select is_empty(
    $$ select 1 from app.horoscopes $$, 'a client reads no horoscope table rows off their day'
);

-- staff see every day and state
select tests.authenticate_as('mona');
select is(
    public.get_daily_horoscope('leo') ->> 'status', 'pending', 'a monitor sees today''s pending'
);
select is(
    public.get_daily_horoscope('leo', '2026-12-01') ->> 'status', 'approved',
    'a monitor sees any day'
);
select is(
    public.get_daily_horoscope('leo', '2026-12-01') ->> 'source_url',
    'https://www.tiktok.com/@s/video/1', 'a monitor sees the source'
);
select tests.authenticate_as('adam');
select is(
    jsonb_array_length(public.list_horoscope_archive()), 2,
    'the admin archive lists both days'
);

-- the boundary follows the setting
reset role;
update app.app_settings set value = '"UTC"' where key = 'horoscopes.time_zone';
select tests.freeze_time('2026-12-01 23:59:59+00');
select tests.clear_authentication();
select is(
    public.get_daily_horoscope('leo') ->> 'id', :'approved_id',
    'with horoscopes.time_zone UTC, 1 December lasts until UTC midnight'
);

select throws_ok(
    $$ select public.get_daily_horoscope('dragon') $$, 'ZHSGN', null, 'an unknown sign is ZHSGN'
);
select tests.authenticate_as('carl');
select throws_ok(
    $$ select public.list_horoscope_archive() $$, '42501', null, 'a client has no archive'
);

select * from finish();
rollback;
