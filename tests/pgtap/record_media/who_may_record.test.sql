-- record_media: who may record an upload for which purpose and order (app.may_upload_media,
-- the rule the storage.objects insert policies share), the key it chooses, the uploads limit.
begin;
select plan(15);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'approved', 'rita', 'test: o2') as o2 \gset
\set sha '''0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'''

select tests.authenticate_as('alice');
select
    app.record_media(
        'order_input', :'o1', 'image', 'image/jpeg', 5000, null, :sha,
        '{"width": 10}'
    ) as recorded
\gset
select is(
    :'recorded'::jsonb ->> 'path',
    :'o1' || '/' || (:'recorded'::jsonb ->> 'id'),
    'the key is <order_id>/<media_id>'
);
select throws_ok(
    format($$ select app.record_media('cover_art', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    'MEDUS', null, 'an unknown purpose is refused'
);
select throws_ok(
    format($$ select app.record_media('order_input', null, 'image', 'image/jpeg', 5000, null,
           %L, null) $$, :sha),
    'MEDOR', null, 'an order input needs its order'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 5000, 1000,
           %L, null) $$, :'o1', :sha),
    '42501', null, 'the client cannot record a result'
);
select throws_ok(
    format(
        $$ insert into app.media_assets (owner_id, purpose, order_id, kind, mime_type,
           byte_size, sha256) values (%L, 'order_input', %L, 'image', 'image/jpeg', 5000, %L) $$,
        tests.get_user_id('bob'), :'o1', :sha
    ),
    '42501', null, 'nobody records a row owned by someone else'
);

select tests.authenticate_as('bob');
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    '42501', null, 'another client cannot record an input for the order'
);

select tests.authenticate_as('rita');
select ok(
    app.record_media('order_result', :'o1', 'audio', 'audio/mpeg', 5000, 1000, :sha, null)
    ? 'id',
    'the assigned reader records the result of the order in progress'
);
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 5000, 1000,
           %L, null) $$, :'o2', :sha),
    '42501', null, 'the reader cannot record a result once the order is approved'
);
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    '42501', null, 'the reader cannot record an input'
);

select tests.authenticate_as('rob');
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 5000, 1000,
           %L, null) $$, :'o1', :sha),
    '42501', null, 'a reader not assigned cannot record a result'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select app.record_media('order_result', %L, 'audio', 'audio/mpeg', 5000, 1000,
           %L, null) $$, :'o1', :sha),
    '42501', null, 'a monitor cannot record a result'
);

select tests.clear_authentication();
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    '42501', null, 'anon cannot record anything'
);

-- the uploads rate limit: one left, then PT429
reset role;
update app.app_settings
set value = '{"capacity": 1, "refill_seconds": 3600}'
where key = 'rate_limit.uploads';
select tests.authenticate_as('alice');
select lives_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    'an upload within the uploads limit is recorded'
);
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    'PT429', null, 'the next upload over the uploads limit is refused'
);
reset role;
select app.set_profile_block(tests.get_user_id('alice'), true, 'test')
from (select tests.authenticate_as('mona')) as a;
reset role;
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.record_media('order_input', %L, 'image', 'image/jpeg', 5000, null, %L,
           null) $$, :'o1', :sha),
    'USRBL', null, 'a blocked client records nothing'
);

select * from finish();
rollback;
