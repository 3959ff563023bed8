-- horoscope_ingest_begin: before anything is downloaded, only unblocked monitors and admins may
-- ingest, and only a real day with known signs and http(s) sources.
begin;
select plan(10);

select tests.create_user('mona', 'monitor');
select tests.create_user('sara', 'superadmin');
select tests.create_user('carl', 'client');
select tests.create_user('bella', 'monitor');
update app.profiles set is_blocked = true where id = tests.get_user_id('bella');

select tests.authenticate_as('carl');
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "https://www.tiktok.com/@a/video/1"}', '2026-12-01') $$,
    '42501', null, 'a client may not ingest'
);
select tests.authenticate_as('bella');
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "https://www.tiktok.com/@a/video/1"}', '2026-12-01') $$,
    'USRBL', null, 'a blocked monitor may not ingest'
);
select tests.clear_authentication();
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "https://www.tiktok.com/@a/video/1"}', '2026-12-01') $$,
    '42501', null, 'anon may not even ask'
);

select tests.authenticate_as('mona');
select is(
    app.horoscope_ingest_begin('{"leo": "https://www.tiktok.com/@a/video/1"}', '2026-12-01'),
    '2026-12-01'::date, 'a monitor may ingest a sign for a day'
);
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "https://x.test/v"}', '01/12/2026') $$,
    'ZHDAT', null, 'the day is YYYY-MM-DD'
);
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "https://x.test/v"}', '2026-02-30') $$,
    'ZHDAT', null, 'the day exists'
);
select throws_ok(
    $$ select app.horoscope_ingest_begin('{}', '2026-12-01') $$,
    'ZHSGN', null, 'at least one sign'
);
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"dragon": "https://x.test/v"}', '2026-12-01') $$,
    'ZHSGN', null, 'only zodiac signs'
);
select throws_ok(
    $$ select app.horoscope_ingest_begin('{"leo": "ftp://x.test/v"}', '2026-12-01') $$,
    'ZHURL', null, 'only http(s) sources'
);
select tests.authenticate_as('sara');
select is(
    app.horoscope_ingest_begin(
        (
            select jsonb_object_agg(code, 'https://www.tiktok.com/@a/video/' || sort_order)
            from app.zodiac_signs
        ),
        '2026-12-01'
    ),
    '2026-12-01'::date, 'a superadmin may ingest all twelve signs at once'
);

select * from finish();
rollback;
