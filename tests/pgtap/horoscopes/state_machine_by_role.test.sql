-- horoscopes: the state machine. Staff ingest (pending), approve, reject with a reason,
-- re-ingest (approval reset), fail (no audio) and regenerate; every other move is ZHTRN, every
-- other role 42501, and direct writes pass the same trigger.
begin;
select plan(31);

select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('bella', 'monitor');
update app.profiles set is_blocked = true where id = tests.get_user_id('bella');

insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'aries/1.m4a', 'audio/mp4')
returning id as m1 \gset
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'aries/2.m4a', 'audio/mp4')
returning id as m2 \gset

-- who may ingest
select tests.authenticate_as('carl');
select throws_ok(
    format($$ select app.record_horoscope_audio('ingest', 'aries', '2026-12-01',
        'https://www.tiktok.com/@s/video/1', %L, 60000) $$, :'m1'),
    '42501', null, 'a client cannot ingest a horoscope'
);
select throws_ok(
    format($$ insert into app.horoscopes (sign, horoscope_date, status, source_url, media_id)
        values ('aries', '2026-12-01', 'pending', 'https://x.test/v', %L) $$, :'m1'),
    '42501', null, 'a client cannot insert a horoscope directly'
);
select tests.authenticate_as('bella');
select throws_ok(
    format($$ select app.record_horoscope_audio('ingest', 'aries', '2026-12-01',
        'https://www.tiktok.com/@s/video/1', %L, 60000) $$, :'m1'),
    'USRBL', null, 'a blocked monitor cannot ingest'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ insert into app.horoscopes (sign, horoscope_date, status, source_url, media_id)
        values ('aries', '2026-12-01', 'pending', 'https://x.test/v', %L) $$, :'m1'),
    'ZHTRN', null, 'a direct insert that names no transition is refused'
);
select throws_ok(
    format($$ select app.record_horoscope_audio('regenerate', 'aries', '2026-12-01',
        null, %L, 60000) $$, :'m1'),
    'ZHNOF', null, 'nothing to regenerate before the first ingest'
);
select is(
    app.record_horoscope_audio(
        'ingest', 'aries', '2026-12-01', 'https://www.tiktok.com/@s/video/1', :'m1', 60000
    ) #>> '{horoscope,status}',
    'pending', 'a monitor ingests: the horoscope is pending'
);
select id as h from app.horoscopes where sign = 'aries' and horoscope_date = '2026-12-01' \gset
select is(
    (select ingested_by from app.horoscopes where id = :'h'), tests.get_user_id('mona'),
    'the ingest is stamped with its author'
);

-- who may judge
select tests.clear_authentication();
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), '42501', null,
    'anon cannot approve'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), '42501', null,
    'a reader cannot approve'
);
select throws_ok(
    format($$ select public.reject_horoscope(%L, 'bad audio') $$, :'h'), '42501', null,
    'a reader cannot reject'
);
select tests.authenticate_as('bella');
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), 'USRBL', null,
    'a blocked monitor cannot approve'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ update app.horoscopes set status = 'approved' where id = %L $$, :'h'),
    'ZHTRN', null, 'a direct update that names no transition is refused'
);
select app.name_horoscope_transition('approve');
select throws_ok(
    format(
        $$ update app.horoscopes set status = 'approved', media_id = %L where id = %L $$,
        :'m2', :'h'
    ),
    '42501', null, 'an approval cannot change the audio'
);
select app.name_horoscope_transition(null);
select throws_ok(
    format($$ select public.reject_horoscope(%L, '  ') $$, :'h'), 'RSNRQ', null,
    'a rejection needs a reason'
);
select is(
    public.approve_horoscope(:'h') ->> 'approved_by', tests.get_user_id('mona')::text,
    'a monitor approves a pending horoscope and is stamped as its approver'
);
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), 'ZHTRN', null,
    'an approved horoscope cannot be approved again'
);
select tests.authenticate_as('adam');
select results_eq(
    format($$ select x ->> 'status', x ->> 'rejection_reason', x ->> 'approved_at'
        from public.reject_horoscope(%L, ' wrong sign ') as x $$, :'h'),
    $$ values ('rejected', 'wrong sign', null::text) $$,
    'an admin withdraws an approved horoscope with a reason; the approval is cleared'
);
select throws_ok(
    format($$ select public.reject_horoscope(%L, 'again') $$, :'h'), 'ZHTRN', null,
    'a rejected horoscope cannot be rejected again'
);
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), 'ZHTRN', null,
    'a rejected horoscope cannot be approved without new audio'
);

-- re-ingest replaces the audio and resets the judgement
select tests.authenticate_as('mona');
select results_eq(
    format($$ select x #>> '{horoscope,status}', x #>> '{horoscope,rejection_reason}',
        x ->> 'replaced_media_id'
        from app.record_horoscope_audio('ingest', 'aries', '2026-12-01',
            'https://www.tiktok.com/@s/video/2', %L, 61000) as x $$, :'m2'),
    format($$ values ('pending', null::text, %L) $$, :'m1'),
    're-ingesting replaces the audio, resets the rejection and names the replaced audio'
);
select is(
    public.approve_horoscope(:'h') ->> 'status', 'approved', 'the new audio is approved'
);
select results_eq(
    format($$ select x #>> '{horoscope,status}', x #>> '{horoscope,approved_at}',
        x ->> 'replaced_media_id'
        from app.record_horoscope_audio('ingest', 'aries', '2026-12-01',
            'https://www.tiktok.com/@s/video/3', %L, 61000) as x $$, :'m1'),
    format($$ values ('pending', null::text, %L) $$, :'m2'),
    're-ingesting an approved horoscope resets its approval'
);

-- a failed ingest keeps the error and no audio; regenerate brings it back to pending
select results_eq(
    $$ select x #>> '{horoscope,status}', x #>> '{horoscope,error_code}',
        x #>> '{horoscope,media_id}'
        from app.record_horoscope_audio('fail', 'aries', '2026-12-01',
            'https://www.tiktok.com/@s/video/4', null, null, 'ZHDWN', 'HTTP 404') as x $$,
    $$ values ('failed', 'ZHDWN', null::text) $$,
    'a failed ingest records the error and drops the audio'
);
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h'), 'ZHTRN', null,
    'a failed horoscope cannot be approved'
);
select throws_ok(
    format($$ select public.reject_horoscope(%L, 'no') $$, :'h'), 'ZHTRN', null,
    'a failed horoscope cannot be rejected'
);
select is(
    app.record_horoscope_audio('regenerate', 'aries', '2026-12-01', null, :'m2', 59000)
    #>> '{horoscope,status}',
    'pending', 'regenerating a failed horoscope brings it back to pending'
);
select is(
    (select source_url from app.horoscopes where id = :'h'), 'https://www.tiktok.com/@s/video/4',
    'regenerate keeps the stored source'
);
select throws_ok(
    $$ select app.record_horoscope_audio('approve', 'aries', '2026-12-01', null) $$,
    'ZHTRN', null, 'the ingest write cannot approve'
);
select throws_ok(
    $$ select public.approve_horoscope('00000000-0000-0000-0000-000000000000') $$, 'ZHNOF', null,
    'an unknown horoscope is ZHNOF'
);

-- the platform acts as service along the same transitions
select tests.authenticate_as_service_role();
select throws_ok(
    format($$ update app.horoscopes set status = 'approved' where id = %L $$, :'h'),
    'ZHTRN', null, 'the service role also needs a named transition'
);
select lives_ok(
    format($$ select app.transition_horoscope(%L, 'approve') $$, :'h'),
    'the service role approves through the named transition'
);

select * from finish();
rollback;
