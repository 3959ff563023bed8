-- storage.objects, every bucket: an uploader removes their own object while no media row
-- records it (media_upload's clean-up after a failed commit); a recorded file stays, and
-- nobody removes another user's object.
begin;
select plan(6);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
\set sha '''0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'''

select tests.authenticate_as('alice');
select set_config('storage.allow_delete_query', 'true', false);
insert into storage.objects (bucket_id, name, owner_id)
values ('order-inputs', :'o1' || '/orphan', auth.uid()::text);
select
    app.record_media('order_input', :'o1', 'image', 'image/png', 100, null, :sha, null)
    ->> 'path' as recorded_path
\gset
insert into storage.objects (bucket_id, name, owner_id)
values ('order-inputs', :'recorded_path', auth.uid()::text);
reset role;
insert into storage.objects (bucket_id, name, owner_id)
values ('exports', 'alice-owned.csv', tests.get_user_id('alice')::text);

select tests.authenticate_as('rita');
select is_empty(
    $$ delete from storage.objects where bucket_id = 'order-inputs' returning 1 $$,
    'the assigned reader removes none of the client''s files'
);
select tests.authenticate_as('bob');
select is_empty(
    $$ delete from storage.objects where bucket_id = 'order-inputs' returning 1 $$,
    'another client removes nothing'
);
select tests.authenticate_as('alice');
select results_eq(
    $$ delete from storage.objects where bucket_id = 'order-inputs' returning name $$,
    format($$ values (%L) $$, :'o1' || '/orphan'),
    'the uploader removes their unrecorded file, and only that one'
);
select is_empty(
    $$ delete from storage.objects where bucket_id = 'exports' returning 1 $$,
    'outside the media buckets, owning an object does not let a user remove it'
);
select ok(
    app.media_is_recorded('order-inputs', :'recorded_path'),
    'the recorded file is still recorded'
);
select isnt_empty(
    format($$ select 1 from storage.objects where name = %L $$, :'recorded_path'),
    'and still stored'
);

select * from finish();
rollback;
