-- Media rows: the owner reads their own, monitors, admins and superadmins read all; anon only
-- the audio of today's approved horoscope (tests/pgtap/get_daily_horoscope).
begin;
select plan(7);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

insert into app.media_assets (owner_id, kind, bucket, path, mime_type, byte_size)
values
(tests.get_user_id('alice'), 'image', 'test', 'alice/cup.jpg', 'image/jpeg', 1000),
(tests.get_user_id('bob'), 'audio', 'test', 'bob/question.ogg', 'audio/ogg', 2000);

select tests.authenticate_as('alice');

select results_eq(
    $$ select m.path from app.media_assets as m $$,
    $$ values ('alice/cup.jpg') $$,
    'the owner sees their own media'
);
select throws_ok(
    $$
        insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
        values (auth.uid(), 'image', 'test', 'alice/other.jpg', 'image/jpeg')
    $$,
    '42501', null, 'media rows are not inserted directly'
);

select tests.authenticate_as('bob');

select is_empty(
    $$ select 1 from app.media_assets as m where m.path = 'alice/cup.jpg' $$,
    'another client cannot see someone else''s media'
);

select tests.authenticate_as('rita');

select is_empty(
    $$ select 1 from app.media_assets as m where m.bucket = 'test' $$,
    'a reader sees no media they do not own'
);

select tests.authenticate_as('mona');

select results_eq(
    $$ select m.path from app.media_assets as m where m.bucket = 'test' order by 1 $$,
    $$ values ('alice/cup.jpg'), ('bob/question.ogg') $$,
    'a monitor sees every media row'
);

select tests.authenticate_as('adam');

select is(
    (select count(*)::integer from app.media_assets as m where m.bucket = 'test'),
    2,
    'an admin sees every media row'
);

select tests.clear_authentication();

select is_empty(
    $$ select 1 from app.media_assets $$,
    'anon reads no media rows of orders'
);

select * from finish();
rollback;
