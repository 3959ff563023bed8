-- Every profile error a caller can read carries a JSON object in `detail`: the field (and the
-- refused value for the coded fields), the minimum age, the allowed languages and sorts, the
-- protected columns.
begin;
select plan(13);

select tests.create_user('carol', 'client');
select tests.authenticate_as('carol');

-- the detail of the error p_sql raises, as jsonb (null when it raises none)
select is(
    tests.error_detail(
        $$ select * from public.complete_profile(' ', 'S', '1990-05-05', 'AE', 'UTC', 'en') $$
    ),
    '{"field": "first_name"}'::jsonb,
    'BADNM names the field'
);
select is(
    tests.error_detail(
        $$ select * from public.complete_profile('C', null, '1990-05-05', 'AE', 'UTC', 'en') $$
    ),
    '{"field": "last_name"}'::jsonb,
    'a missing name is BADNM for that field'
);
select is(
    tests.error_detail(
        $$ select * from public.complete_profile('C', 'S', '1899-01-01', 'AE', 'UTC', 'en') $$
    ),
    '{"field": "date_of_birth", "value": "1899-01-01"}'::jsonb,
    'BADDB gives the field and the date'
);
select is(
    tests.error_detail(
        $$ select * from public.complete_profile('C', 'S', null, 'AE', 'UTC', 'en') $$
    ),
    '{"field": "date_of_birth", "value": null}'::jsonb,
    'a missing birth date is BADDB with a null value'
);
select is(
    tests.error_detail(
        format(
            $$ select * from public.complete_profile('C', 'S', %L, 'AE', 'UTC', 'en') $$,
            current_date - 365
        )
    ),
    '{"minimum_age": 18}'::jsonb,
    'AGEMN gives the minimum age'
);
select is(
    tests.error_detail(
        $$ select * from public.complete_profile('C', 'S', '1990-05-05', 'XYZ', 'UTC', 'en') $$
    ),
    '{"field": "country_code", "value": "XYZ"}'::jsonb,
    'BADCY gives the field and the code sent'
);
select is(
    tests.error_detail(
        $$ update app.profiles set time_zone = 'Mars/Olympus' where id = auth.uid() $$
    ),
    '{"field": "time_zone", "value": "Mars/Olympus"}'::jsonb,
    'BADTZ gives the field and the zone'
);
select is(
    tests.error_detail($$ update app.profiles set gender = 'robot' where id = auth.uid() $$),
    '{"field": "gender"}'::jsonb,
    'BADPF names the field'
);
select is(
    tests.error_detail($$ update app.profiles set language = 'fr' where id = auth.uid() $$),
    '{"value": "fr", "allowed": ["ar", "en"]}'::jsonb,
    'BADLG from the table gives the value and the allowed languages'
);
select is(
    tests.error_detail($$ select * from public.list_services('fr') $$),
    '{"value": "fr", "allowed": ["ar", "en"]}'::jsonb,
    'BADLG from a list RPC is the same'
);
select is(
    tests.error_detail($$ select * from public.list_countries('en', 'size') $$),
    '{"value": "size", "allowed": ["name", "dial_code"]}'::jsonb,
    'BADSO gives the value and the allowed sorts'
);
-- behind the column grants (as a careless future grant might open them): the guard trigger
reset role;
grant update (zodiac_sign) on app.profiles to authenticated;
select tests.authenticate_as('carol');
select is(
    tests.error_detail($$ update app.profiles set zodiac_sign = 'leo' where id = auth.uid() $$),
    '{"columns": ["zodiac_sign"]}'::jsonb,
    '42501 from the guard lists the protected columns'
);
select is(
    tests.error_detail(
        $$ select * from public.complete_profile('C', 'S', '1990-05-05', 'AE', 'UTC', 'en') $$
    ),
    null,
    'a valid profile raises nothing'
);

select * from finish();
rollback;
