-- Reference tables: readable as documented, never writable by API roles.
begin;
select plan(9);

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');

select results_eq(
    $$ select r.code from app.roles as r order by r.rank $$,
    $$ values ('client'), ('reader'), ('monitor'), ('admin'), ('superadmin') $$,
    'signed-in users read the five roles in rank order'
);
select throws_ok(
    $$ insert into app.roles (code, name_en, name_ar, rank) values ('client', 'x', 'x', 99) $$,
    '42501', null, 'roles cannot be written by API roles'
);
select throws_ok(
    $$ update app.countries set name_en = 'Renamed' $$,
    '42501', null, 'countries cannot be written by API roles'
);
select throws_ok(
    $$ delete from app.zodiac_signs $$,
    '42501', null, 'zodiac signs cannot be written by API roles'
);
select throws_ok(
    $$ update app.services set price_minor = 0 $$,
    '42501', null, 'services cannot be written directly, not even by admins'
);

select tests.clear_authentication();

select throws_ok(
    $$ select 1 from app.roles $$,
    '42501', null, 'anon cannot read the roles table'
);
select lives_ok(
    $$ select 1 from app.countries $$,
    'anon may read countries (only reachable through list_countries: app is not exposed)'
);
select throws_ok(
    $$ insert into app.countries (alpha2, alpha3, name_en, name_ar) values ('QZ', 'QZZ', 'x', 'x') $$,
    '42501', null, 'anon cannot write countries'
);

select tests.authenticate_as_service_role();

select throws_ok(
    $$ update app.services set is_active = false $$,
    '42501', null, 'the service role cannot write services directly'
);

select * from finish();
rollback;
