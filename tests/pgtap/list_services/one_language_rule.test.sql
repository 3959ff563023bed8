-- The language rule has one home, app.assert_language: the three list RPCs, complete_profile
-- and a direct update of profiles.language refuse the same values with BADLG and accept ar
-- and en.
begin;
select plan(14);

select tests.create_user('carol', 'client');
select tests.authenticate_as('carol');

select
    throws_ok(
        format('select * from %s', t.call), 'BADLG', null, t.call || ' refuses ' || t.what
    )
from (
    values
    ($$ public.list_countries('fr') $$, 'fr'),
    ($$ public.list_countries(null) $$, 'null'),
    ($$ public.list_services('EN') $$, 'EN'),
    ($$ public.list_services(null) $$, 'null'),
    ($$ public.list_zodiac_signs('') $$, 'an empty language'),
    ($$ public.list_zodiac_signs(null) $$, 'null'),
    (
        $$ public.complete_profile('C', 'S', '1990-05-05', 'AE', 'UTC', 'de') $$,
        'de'
    ),
    (
        $$ public.complete_profile('C', 'S', '1990-05-05', 'AE', 'UTC', null) $$,
        'null'
    )
) as t (call, what);

select throws_ok(
    $$ update app.profiles set language = 'fr' where id = auth.uid() $$,
    'BADLG', null, 'a direct update refuses fr'
);

select
    lives_ok(
        format('select * from %s', t.call), t.call || ' accepts it'
    )
from (
    values
    ($$ public.list_countries('ar') $$),
    ($$ public.list_services('en') $$),
    ($$ public.list_zodiac_signs('ar') $$),
    ($$ public.complete_profile('C', 'S', '1990-05-05', 'AE', 'UTC', 'ar') $$)
) as t (call);

select is(app.assert_language('en'), 'en', 'assert_language returns a valid language');

select * from finish();
rollback;
