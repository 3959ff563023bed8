-- A finished recording becomes a row pending its copy into Storage, named once to the webhook
-- (a duplicate callback names none); the job lists it until app.call_recording_stored records
-- the copy, which must be audio; a stored row is never claimed or stored again. Only the
-- service role runs these.
begin;
select plan(14);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.calls (order_id, conference_name, time_limit_seconds)
values (:'o1', 'bk_' || :'o1', 1800) returning id as c1 \gset
select ('RE' || repeat('c', 32)) as re \gset

select tests.authenticate_as_service_role();
select app.record_call_event(
    :'c1', 'recording', :'re', 'completed', 0, now(),
    jsonb_build_object('RecordingSid', :'re', 'RecordingDuration', '12')
) ->> 'recording_media_id' as m1 \gset
select ok(:'m1'::text ~ '^[0-9a-f-]{36}$', 'the webhook is told which recording to copy');
select is(
    app.record_call_event(
        :'c1', 'recording', :'re', 'completed', 0, now(),
        jsonb_build_object('RecordingSid', :'re')
    ) ->> 'recording_media_id',
    null, 'a duplicate callback names nothing to copy'
);
select is(
    (select details ->> 'stored_at' from app.media_assets where id = :'m1'), 'twilio',
    'the row is pending its copy'
);
select is(
    app.job_copy_call_recordings() -> 'recordings', jsonb_build_array(:'m1'),
    'the job finds the pending recording'
);
select is(
    app.call_recording_claim(:'m1') ->> 'path', :'o1' || '/' || :'re',
    'claiming it answers where it goes'
);
select throws_ok(
    format(
        $$ select app.call_recording_stored(%L, 'video', 'video/mp4', 2048, 1000, %L, '{}') $$,
        :'m1', repeat('0', 64)
    ),
    'MEDTY', null, 'a copy that is not audio is refused'
);
select is(
    app.job_copy_call_recordings() -> 'recordings', jsonb_build_array(:'m1'),
    'so it stays pending'
);
select is(
    app.call_recording_stored(
        :'m1', 'audio', 'audio/x-wav', 2048, 11950, repeat('0', 64), '{"channels": 1}'
    ) ->> 'delete_at_twilio',
    'false', 'the copy is recorded (and Twilio keeps its file by default)'
);
select results_eq(
    format(
        $$ select mime_type, byte_size, duration_ms, details ->> 'stored_at',
                  (details ->> 'channels')::integer
           from app.media_assets where id = %L $$,
        :'m1'
    ),
    $$ values ('audio/x-wav', 2048::bigint, 11950, 'storage', 1) $$,
    'with what was measured'
);
select is(
    app.job_copy_call_recordings() -> 'recordings', '[]'::jsonb,
    'the job no longer lists it'
);
select is(app.call_recording_claim(:'m1'), null, 'a stored recording is not claimed again');
select is(
    app.call_recording_stored(:'m1', 'audio', 'audio/x-wav', 1, 1, repeat('1', 64), '{}'),
    null, 'nor stored again'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.call_recording_claim(%L) $$, :'m1'),
    '42501', null, 'a monitor cannot claim a copy'
);
select throws_ok(
    $$ select app.job_copy_call_recordings() $$,
    '42501', null, 'nor run the job'
);

select * from finish();
rollback;
