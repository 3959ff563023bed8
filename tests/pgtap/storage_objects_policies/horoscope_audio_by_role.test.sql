-- storage.objects, bucket horoscope-audio: monitors and admins upload and read every file;
-- anon and other users read a file only while its horoscope is approved and of today; staff
-- remove only files no horoscope uses (app.remove_unused_horoscope_audio does the row).
begin;
select plan(15);

select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

select
    gen_random_uuid() as used,
    gen_random_uuid() as spare,
    tests.get_user_id('mona') as mona
\gset
select
    :'mona' || '/' || :'used' as used_key,
    :'mona' || '/' || :'spare' as spare_key
\gset

select tests.authenticate_as('carl');
select throws_ok(
    format($$ insert into storage.objects (bucket_id, name, owner_id)
       values ('horoscope-audio', %L, auth.uid()::text) $$, :'used_key'),
    '42501', null, 'a client cannot upload horoscope audio'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ insert into storage.objects (bucket_id, name, owner_id)
       values ('horoscope-audio', %L, auth.uid()::text) $$, :'used_key'),
    '42501', null, 'a reader cannot upload horoscope audio'
);

select tests.authenticate_as('mona');
select lives_ok(
    format(
        $$ insert into storage.objects (bucket_id, name, owner_id) values
           ('horoscope-audio', %L, auth.uid()::text), ('horoscope-audio', %L, auth.uid()::text) $$,
        :'used_key', :'spare_key'
    ),
    'a monitor uploads horoscope audio'
);
-- their rows, as the media path records them (here as the test owner)
reset role;
insert into app.media_assets (id, owner_id, purpose, kind, bucket, path, mime_type)
values
(:'used', :'mona', 'horoscope_audio', 'audio', 'horoscope-audio', :'used_key', 'audio/mp4'),
(:'spare', :'mona', 'horoscope_audio', 'audio', 'horoscope-audio', :'spare_key', 'audio/mp4');
select tests.authenticate_as('mona');
select tests.freeze_time('2026-12-01 09:00:00+00');
select (app.record_horoscope_audio(
    'ingest', 'leo', '2026-12-01', 'https://www.tiktok.com/@a/video/1', :'used', 60000
) #>> '{horoscope,id}') as h \gset

select tests.authenticate_as('adam');
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'horoscope-audio'), 2,
    'an admin reads every horoscope file'
);

select tests.clear_authentication();
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'horoscope-audio' $$,
    'anon reads no file of a pending horoscope'
);
select tests.authenticate_as('carl');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'horoscope-audio' $$,
    'a client reads no file of a pending horoscope'
);

select tests.authenticate_as('mona');
select public.approve_horoscope(:'h');
select tests.clear_authentication();
select results_eq(
    $$ select name from storage.objects where bucket_id = 'horoscope-audio' $$,
    format($$ values (%L) $$, :'used_key'),
    'anon reads the file of today''s approved horoscope, and no other'
);
select tests.freeze_time('2026-12-01 21:00:00+00');
select is_empty(
    $$ select 1 from storage.objects where bucket_id = 'horoscope-audio' $$,
    'from the next midnight in Riyadh anon reads it no more'
);

-- Storage's own guard lets deletes through only when asked (the Storage API sets this)
select set_config('storage.allow_delete_query', 'true', true);
select tests.authenticate_as('carl');
select is_empty(
    $$ delete from storage.objects where bucket_id = 'horoscope-audio' returning name $$,
    'a client removes no horoscope file'
);
select throws_ok(
    format($$ select app.remove_unused_horoscope_audio(%L) $$, :'spare'),
    '42501', null, 'a client cannot remove horoscope audio rows'
);
select tests.authenticate_as('adam');
select is(
    app.remove_unused_horoscope_audio(:'used'), null,
    'the audio a horoscope uses is not removed'
);
select is(
    app.remove_unused_horoscope_audio(:'spare') ->> 'path', :'spare_key',
    'an admin removes the row of unused audio and gets its key'
);
select results_eq(
    $$ delete from storage.objects where bucket_id = 'horoscope-audio' returning name $$,
    format($$ values (%L) $$, :'spare_key'),
    'an admin removes only the file no horoscope uses'
);
select tests.authenticate_as('mona');
select isnt_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'used'),
    'the used audio''s row stays'
);
select is(
    (select count(*)::integer from storage.objects where bucket_id = 'horoscope-audio'), 1,
    'the used audio''s file stays'
);

select * from finish();
rollback;
