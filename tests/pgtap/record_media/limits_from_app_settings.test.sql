-- record_media: kind, MIME type, size and duration are checked against the media.limits.<kind>
-- settings and the purpose's kinds; a refused upload records nothing.
begin;
select plan(16);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
\set sha '''0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'''

-- order results accept audio: 1 KB to 50 MB, at most 30 minutes
select tests.authenticate_as('rita');
select is(
    app.record_media('order_result', :'o1', 'audio', 'audio/mpeg', 1024, 1800000, :sha, null)
    ->> 'bucket',
    'order-results',
    'audio of 1 KB and exactly 30 minutes is recorded in the results bucket'
);
select is(
    app.record_media('order_result', :'o1', 'audio', 'audio/ogg', 52428800, 60000, :sha, null)
    ->> 'byte_size',
    '52428800',
    'audio of exactly 50 MB is recorded'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 1023, 1000,
           %L, null) $$, :'o1', :sha),
    'MEDSZ', null, 'audio under 1 KB is refused'
);
select is(
    tests.error_detail(
        format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 52428801,
               1000, %L, null) $$, :'o1', :sha)
    ),
    '{"bytes": 52428801, "max_bytes": 52428800, "min_bytes": 1024}'::jsonb,
    'audio over 50 MB is refused, and the detail says the limits'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 4096, 1800001,
           %L, null) $$, :'o1', :sha),
    'MEDDU', null, 'audio over 30 minutes is refused'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 4096, null,
           %L, null) $$, :'o1', :sha),
    'MEDDU', null, 'audio without a measured duration is refused'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/x-ms-wma', 4096, 1000,
           %L, null) $$, :'o1', :sha),
    'MEDTY', null, 'an audio type the limits do not list is refused'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'image', 'image/png', 4096, null,
           %L, null) $$, :'o1', :sha),
    'MEDTY', null, 'an image is not a result'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, null, null, 4096, null,
           %L, null) $$, :'o1', :sha),
    'MEDTY', null, 'content of no known type is refused'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 4096, 1000,
           null, null) $$, :'o1'),
    'MEDSH', null, 'a row without the file''s sha256 is refused'
);

-- order inputs accept images up to 10 MB
select tests.authenticate_as('alice');
select is(
    app.record_media('order_input', :'o1', 'image', 'image/png', 10485760, null, :sha, null)
    ->> 'bucket',
    'order-inputs',
    'an image of exactly 10 MB is recorded in the inputs bucket'
);
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/png', 10485761, null,
           %L, null) $$, :'o1', :sha),
    'MEDSZ', null, 'an image over 10 MB is refused'
);
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/gif', 100, null,
           %L, null) $$, :'o1', :sha),
    'MEDTY', null, 'an image type the limits do not list is refused'
);
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'audio', 'audio/mpeg', 4096, 1000,
           %L, null) $$, :'o1', :sha),
    'MEDTY', null, 'audio is not an order input'
);

-- the limits are data: a superadmin's change applies at once
reset role;
update app.app_settings
set value = jsonb_set(value, '{max_bytes}', '100')
where key = 'media.limits.image';
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/png', 101, null,
           %L, null) $$, :'o1', :sha),
    'MEDSZ', null, 'a lowered image limit refuses what it allowed before'
);

reset role;
select is(
    (select count(*)::integer from app.media_assets where order_id = :'o1'), 3,
    'only the accepted uploads were recorded'
);

select * from finish();
rollback;
