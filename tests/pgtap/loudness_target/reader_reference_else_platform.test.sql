-- loudness_target: the level audio is normalised to is a reader's voice reference (the mean of
-- their recent recordings) when they have one, else the platform target from the setting
-- media.loudness (-16 when missing); horoscope_regenerate_begin hands it to the regenerate step,
-- for the reader the caller names, who must be an active reader.
begin;
select plan(12);

select tests.create_user('mona', 'monitor');
select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rex', 'reader');
select tests.create_user('bert', 'reader');
update app.profiles set is_blocked = true where id = tests.get_user_id('bert');

insert into app.reader_voice_references (
    reader_id, media_ids, recordings, mean_lufs, min_lufs, max_lufs, stddev_lufs, rebuilt_at
)
values (tests.get_user_id('rita'), array[gen_random_uuid()], 3, -21.5, -23, -20, 1.2, now());
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'aries/1.m4a', 'audio/mp4')
returning id as m1 \gset

select is(
    app.loudness_target(tests.get_user_id('rita')),
    '{"target_lufs": -21.5, "from": "voice_reference"}'::jsonb,
    'a reader with a voice reference: its mean loudness'
);
select is(
    app.loudness_target(tests.get_user_id('rex')),
    '{"target_lufs": -16, "from": "platform"}'::jsonb,
    'a reader without one: the platform target'
);
select is(
    app.loudness_target(),
    '{"target_lufs": -16, "from": "platform"}'::jsonb,
    'no reader: the platform target'
);

select tests.authenticate_as('mona');
select (app.record_horoscope_audio(
    'ingest', 'aries', '2026-12-01', 'https://www.tiktok.com/@s/video/1', :'m1', 60000
) -> 'horoscope' ->> 'id') as h1 \gset
select is(
    app.horoscope_regenerate_begin(:'h1', tests.get_user_id('rita')) -> 'loudness',
    '{"target_lufs": -21.5, "from": "voice_reference"}'::jsonb,
    'regenerating for a reader levels to their reference'
);
select is(
    app.horoscope_regenerate_begin(:'h1') -> 'loudness',
    '{"target_lufs": -16, "from": "platform"}'::jsonb,
    'regenerating for nobody levels to the platform target'
);
select throws_ok(
    format($$ select app.horoscope_regenerate_begin(%L, %L) $$, :'h1', tests.get_user_id('carl')),
    'ORDRD', null, 'the named reader must be a reader'
);
select throws_ok(
    format($$ select app.horoscope_regenerate_begin(%L, %L) $$, :'h1', tests.get_user_id('bert')),
    'ORDRD', null, 'and not blocked'
);
select is_empty(
    $$ select 1 from app.reader_voice_references $$,
    'the monitor still cannot read the references themselves'
);

select tests.authenticate_as('carl');
select throws_ok(
    format($$ select app.horoscope_regenerate_begin(%L, %L) $$, :'h1', tests.get_user_id('rita')),
    '42501', null, 'a client learns nothing of a reader''s level'
);
select tests.clear_authentication();
select throws_ok(
    $$ select app.loudness_target() $$,
    '42501', null, 'anon may not ask'
);

reset role;
update app.app_settings set value = value || '{"target_lufs": -18}' where key = 'media.loudness';
select is(
    app.loudness_target(tests.get_user_id('rex')) ->> 'target_lufs', '-18',
    'the platform target follows the setting'
);
delete from app.app_settings where key = 'media.loudness';
select is(
    app.loudness_target() ->> 'target_lufs', '-16', 'without the setting it is -16'
);

select * from finish();
rollback;
