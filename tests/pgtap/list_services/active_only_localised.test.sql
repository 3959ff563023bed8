-- public.list_services: only active services, names and descriptions in the requested language.
begin;
select plan(8);

insert into app.services (
    code, name_en, name_ar, description_en, description_ar, price_minor, currency, is_active,
    sort_order
)
values
('test_open', 'Open test', 'اختبار مفتوح', 'Open one', 'مفتوح', 1500, 'USD', true, 32000),
('test_closed', 'Closed test', 'اختبار مغلق', 'Closed one', 'مغلق', 900, 'USD', false, 32001);

select tests.clear_authentication();

select results_eq(
    $$
        select s.code, s.name, s.description, s.price_minor, s.currency::text
        from public.list_services() as s
        where s.code like 'test\_%'
    $$,
    $$ values ('test_open', 'Open test', 'Open one', 1500, 'USD') $$,
    'anon sees active services in English by default'
);

select results_eq(
    $$
        select s.name, s.description
        from public.list_services('ar') as s
        where s.code = 'test_open'
    $$,
    $$ values ('اختبار مفتوح', 'مفتوح') $$,
    'Arabic name and description for ar'
);

select is_empty(
    $$ select 1 from public.list_services() as s where s.code = 'test_closed' $$,
    'inactive services are not listed'
);

select results_eq(
    $$ select s.code from app.services as s where s.code like 'test\_%' $$,
    $$ values ('test_open') $$,
    'the anon policy itself hides inactive services'
);

select throws_ok(
    $$ select * from public.list_services('EN') $$,
    'BADLG', null, 'language codes are lower case'
);

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');

select is_empty(
    $$ select 1 from public.list_services() as s where s.code = 'test_closed' $$,
    'an admin also gets only active services from the public list'
);

select results_eq(
    $$ select s.code from app.services as s where s.code like 'test\_%' order by s.code $$,
    $$ values ('test_closed'), ('test_open') $$,
    'an admin reads inactive services in the table'
);

select tests.create_user('alice');
select tests.authenticate_as('alice');

select results_eq(
    $$ select s.code from app.services as s where s.code like 'test\_%' $$,
    $$ values ('test_open') $$,
    'a client reads only active services in the table'
);

select * from finish();
rollback;
