-- public.list_zodiac_signs: all twelve signs in sort_order with the name in the requested
-- language, for anon and signed-in users.
begin;
select plan(6);

select tests.clear_authentication();

select is(
    (select count(*)::integer from public.list_zodiac_signs()),
    12,
    'anon gets the twelve signs'
);

select results_eq(
    $$ select z.code from public.list_zodiac_signs() as z $$,
    $$ select z.code from app.zodiac_signs as z order by z.sort_order $$,
    'signs come in sort_order'
);

select is_empty(
    $$ select z.code from public.list_zodiac_signs('en') as z where z.name is distinct from z.name_en $$,
    'English names for en'
);

select is_empty(
    $$ select z.code from public.list_zodiac_signs('ar') as z where z.name is distinct from z.name_ar $$,
    'Arabic names for ar'
);

select throws_ok(
    $$ select * from public.list_zodiac_signs('de') $$,
    'BADLG', null, 'an unsupported language is rejected'
);

select tests.create_user('alice');
select tests.authenticate_as('alice');

select lives_ok(
    $$ select * from public.list_zodiac_signs('ar') $$,
    'a signed-in user may list the signs'
);

select * from finish();
rollback;
