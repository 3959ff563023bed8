-- public.list_countries: names in the requested language, sorted by name or dial code, readable
-- by anon and signed-in users alike.
begin;
select plan(8);

-- ISO 3166 user-assigned codes, so the rows never collide with the seed's real countries
insert into app.countries (alpha2, alpha3, numeric_code, name_en, name_ar, dial_codes)
values
('QM', 'QMM', null, 'Zeta Test', 'ألف تجربة', '{+999}'),
('QN', 'QNN', null, 'Beta Test', 'ياء تجربة', '{+1-999}'),
('QO', 'QOO', null, 'Alpha Test', 'باء تجربة', '{+44}');

select tests.clear_authentication();

select results_eq(
    $$
        select c.alpha2::text, c.name
        from public.list_countries() with ordinality as c
        where c.alpha2 in ('QM', 'QN', 'QO')
        order by c.ordinality
    $$,
    $$ values ('QO', 'Alpha Test'), ('QN', 'Beta Test'), ('QM', 'Zeta Test') $$,
    'anon gets English names sorted by name by default'
);

select results_eq(
    $$
        select c.alpha2::text, c.name
        from public.list_countries('ar') with ordinality as c
        where c.alpha2 in ('QM', 'QN', 'QO')
        order by c.ordinality
    $$,
    $$ values ('QM', 'ألف تجربة'), ('QO', 'باء تجربة'), ('QN', 'ياء تجربة') $$,
    'Arabic names are returned and sorted in Arabic'
);

select results_eq(
    $$
        select c.alpha2::text
        from public.list_countries('en', 'dial_code') with ordinality as c
        where c.alpha2 in ('QM', 'QN', 'QO')
        order by c.ordinality
    $$,
    $$ values ('QN'), ('QO'), ('QM') $$,
    'dial_code sorts by the numeric calling code'
);

select results_eq(
    $$
        select c.alpha3::text, c.name_en, c.name_ar, c.dial_codes
        from public.list_countries('en') as c
        where c.alpha2 = 'QN'
    $$,
    $$ values ('QNN', 'Beta Test', 'ياء تجربة', '{+1-999}'::text[]) $$,
    'both names, the alpha-3 code and the dial codes are included'
);

select throws_ok(
    $$ select * from public.list_countries('fr') $$,
    'BADLG', null, 'an unsupported language is rejected'
);
select throws_ok(
    $$ select * from public.list_countries(null) $$,
    'BADLG', null, 'a null language is rejected'
);
select throws_ok(
    $$ select * from public.list_countries('en', 'population') $$,
    'BADSO', null, 'an unsupported sort is rejected'
);

select tests.create_user('alice');
select tests.authenticate_as('alice');

select is(
    (select count(*)::integer from public.list_countries() as c where c.alpha2 like 'Q_'),
    (select count(*)::integer from app.countries as c where c.alpha2 like 'Q_'),
    'a signed-in user gets the same list'
);

select * from finish();
rollback;
