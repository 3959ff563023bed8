-- The profile's field rules have one home, the profiles_15 trigger: a direct
-- `update app.profiles` as `authenticated` is normalised like public.complete_profile and
-- refused with the same code, field by field; the platform may record a minor, an API caller
-- may not.
begin;
select plan(28);

select tests.create_user('carol', 'client');
select tests.authenticate_as('carol');

-- each invalid value: the RPC's code through complete_profile and through a direct update
create function pg_temp.both_refuse(
    p_code text, p_column text, p_value text, p_rpc_args text, p_what text
) returns setof text
language plpgsql
as $$
begin
    return next throws_ok(
        format(
            $q$ select * from public.complete_profile(%s) $q$,
            p_rpc_args
        ),
        p_code, null, 'complete_profile refuses ' || p_what
    );
    return next throws_ok(
        format(
            $q$ update app.profiles set %I = %L where id = auth.uid() $q$, p_column, p_value
        ),
        p_code, null, 'a direct update refuses ' || p_what
    );
end;
$$;

select pg_temp.both_refuse(
    'BADNM', 'first_name', '   ',
    $$ '   ', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en' $$, 'a blank first name'
);
select pg_temp.both_refuse(
    'BADNM', 'last_name', repeat('x', 101),
    $$ 'C', repeat('x', 101), '1990-05-05', 'AE', 'Asia/Dubai', 'en' $$,
    'a last name over 100 characters'
);
select pg_temp.both_refuse(
    'BADNM', 'first_name', 'Ca' || chr(7) || 'rol',
    $$ 'Ca' || chr(7) || 'rol', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en' $$,
    'a name with a control character'
);
select pg_temp.both_refuse(
    'BADLG', 'language', 'fr',
    $$ 'C', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'fr' $$, 'an unsupported language'
);
select pg_temp.both_refuse(
    'BADCY', 'country_code', 'XX',
    $$ 'C', 'S', '1990-05-05', 'XX', 'Asia/Dubai', 'en' $$, 'an unknown country'
);
select pg_temp.both_refuse(
    'BADTZ', 'time_zone', 'Mars/Olympus',
    $$ 'C', 'S', '1990-05-05', 'AE', 'Mars/Olympus', 'en' $$, 'an unknown time zone'
);
select pg_temp.both_refuse(
    'BADDB', 'date_of_birth', '1899-12-31',
    $$ 'C', 'S', '1899-12-31', 'AE', 'Asia/Dubai', 'en' $$, 'a birth date before 1900'
);
select pg_temp.both_refuse(
    'BADDB', 'date_of_birth', (current_date + 2)::text,
    $$ 'C', 'S', current_date + 2, 'AE', 'Asia/Dubai', 'en' $$, 'a birth date in the future'
);
select pg_temp.both_refuse(
    'AGEMN', 'date_of_birth', (current_date - interval '10 years')::date::text,
    $$ 'C', 'S', (current_date - interval '10 years')::date, 'AE', 'Asia/Dubai', 'en' $$,
    'a child'
);
select pg_temp.both_refuse(
    'BADPF', 'gender', 'robot',
    $$ 'C', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_gender => 'robot' $$,
    'an unknown gender'
);
select pg_temp.both_refuse(
    'BADPF', 'marital_status', 'complicated',
    $$ 'C', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_marital_status => 'complicated' $$,
    'an unknown marital status'
);
select pg_temp.both_refuse(
    'BADPF', 'birth_place', repeat('x', 201),
    $$ 'C', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_birth_place => repeat('x', 201) $$,
    'a birth place over 200 characters'
);

select results_eq(
    $$
        update app.profiles
        set
            first_name = E'  Carol \t Ann ', country_code = 'ae', birth_place = '   ',
            date_of_birth = '1990-05-05', time_zone = 'Asia/Dubai'
        where id = auth.uid()
        returning first_name, country_code, birth_place, date_of_birth
    $$,
    $$ values ('Carol Ann'::text, 'AE'::char(2), null::text, date '1990-05-05') $$,
    'a direct update is normalised like the RPC: names folded, country upper-cased, '
    || 'a blank birth place cleared'
);

select lives_ok(
    $$ update app.profiles set last_name = null where id = auth.uid() $$,
    'a direct update may leave a field empty: only complete_profile requires its form'
);

reset role;
select lives_ok(
    format(
        $$ update app.profiles set date_of_birth = %L where id = tests.get_user_id('carol') $$,
        (current_date - interval '10 years')::date
    ),
    'the platform may record a minor''s birth date (ordering still refuses them)'
);
select tests.authenticate_as('carol');
select lives_ok(
    $$ update app.profiles set language = 'ar' where id = auth.uid() $$,
    'an unchanged stored birth date does not block an unrelated update'
);

select * from finish();
rollback;
