-- Media rows: the uploader reads their own; anyone else reads a row exactly when they may see
-- its file (the storage.objects policies decide, under the caller's RLS). Rows are only
-- recorded through the upload checks, never with a chosen bucket or key.
begin;
select plan(11);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: working') as working \gset
select tests.create_order_in_state('alice', 'delivered', 'rita', 'test: done') as done \gset

-- a row without a file (older data), and two results with their files
insert into app.media_assets (owner_id, kind, bucket, path, mime_type, byte_size)
values (tests.get_user_id('alice'), 'image', 'test', 'alice/cup.jpg', 'image/jpeg', 1000);
insert into app.media_assets (owner_id, kind, bucket, path, mime_type, purpose, order_id)
values
(
    tests.get_user_id('rita'), 'audio', 'order-results', :'working' || '/a', 'audio/mpeg',
    'order_result', :'working'
),
(
    tests.get_user_id('rita'), 'audio', 'order-results', :'done' || '/b', 'audio/mpeg',
    'order_result', :'done'
);
insert into storage.objects (bucket_id, name, owner_id)
values
('order-results', :'working' || '/a', tests.get_user_id('rita')::text),
('order-results', :'done' || '/b', tests.get_user_id('rita')::text);

select tests.authenticate_as('alice');
select results_eq(
    $$ select m.path from app.media_assets as m order by m.bucket $$,
    format($$ values (%L), ('alice/cup.jpg') $$, :'done' || '/b'),
    'the client sees their own row and the delivered result''s, not the one in progress'
);
select throws_ok(
    $$
        insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
        values (auth.uid(), 'image', 'test', 'alice/other.jpg', 'image/jpeg')
    $$,
    '42501', null, 'nobody chooses a row''s bucket and key'
);

select tests.authenticate_as('bob');
select is_empty(
    $$ select 1 from app.media_assets $$,
    'another client sees no row'
);

select tests.authenticate_as('rita');
select is(
    (select count(*)::integer from app.media_assets), 2,
    'the assigned reader sees the rows of their results'
);

select tests.authenticate_as('rob');
select is_empty(
    $$ select 1 from app.media_assets $$,
    'a reader not assigned sees no row'
);

select tests.authenticate_as('mona');
select is(
    (select count(*)::integer from app.media_assets where bucket = 'order-results'), 2,
    'a monitor sees the rows of every result'
);
select is_empty(
    $$ select 1 from app.media_assets where bucket = 'test' $$,
    'a monitor sees no row whose file nobody may see'
);

select tests.authenticate_as('adam');
select is(
    (select count(*)::integer from app.media_assets where bucket = 'order-results'), 2,
    'an admin sees the rows of every result'
);
select throws_ok(
    $$ update app.media_assets set byte_size = 1 $$,
    '42501', null, 'nobody changes a row'
);
select throws_ok(
    $$ delete from app.media_assets $$,
    '42501', null, 'nobody deletes a row'
);

select tests.clear_authentication();
select is_empty(
    $$ select 1 from app.media_assets $$,
    'anon reads no media rows (only the audio of today''s approved horoscope: get_daily_horoscope)'
);

select * from finish();
rollback;
