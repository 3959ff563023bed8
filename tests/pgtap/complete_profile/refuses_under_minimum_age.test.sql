-- complete_profile refuses anyone under profiles.minimum_age (18) with AGEMN, counted on the
-- user's own calendar day; the setting is read on every call.
begin;
select plan(6);

select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');

create function pg_temp.today_utc() returns date
language sql
as $$ select (now() at time zone 'UTC')::date $$;

select throws_ok(
    format(
        $$ select * from public.complete_profile('A', 'B', %L, 'AE', 'UTC', 'en') $$,
        (pg_temp.today_utc() - interval '18 years' + interval '1 day')::date
    ),
    'AGEMN', null, 'one day short of 18 is refused'
);
select lives_ok(
    format(
        $$ select * from public.complete_profile('A', 'B', %L, 'AE', 'UTC', 'en') $$,
        (pg_temp.today_utc() - interval '18 years')::date
    ),
    'the 18th birthday is accepted'
);
select throws_ok(
    format(
        $$ select * from public.complete_profile('A', 'B', %L, 'AE', 'UTC', 'en') $$,
        (pg_temp.today_utc() - interval '5 years')::date
    ),
    'AGEMN', null, 'a child is refused'
);
select is(
    (select p.date_of_birth from public.get_my_profile() as p),
    (pg_temp.today_utc() - interval '18 years')::date,
    'the refused call left the accepted birth date'
);

reset role;
update app.app_settings set value = '21' where key = 'profiles.minimum_age';
select tests.authenticate_as('alice');

select throws_ok(
    format(
        $$ select * from public.complete_profile('A', 'B', %L, 'AE', 'UTC', 'en') $$,
        (pg_temp.today_utc() - interval '20 years')::date
    ),
    'AGEMN', null, 'a raised minimum age applies on the next call'
);
select is(
    (select r.minimum_age from public.profile_requirements() as r),
    21,
    'profile_requirements reports the minimum age'
);

select * from finish();
rollback;
