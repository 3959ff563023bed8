-- Derived profile columns: the zodiac sign follows the birth date, blocked_at follows the block
-- state, and the time zone must be a real IANA zone.
begin;
select plan(10);

select tests.create_user('dina');
select tests.authenticate_as('dina');

-- the expectations come from app.zodiac_signs: the first day of the first and of the last sign
select results_eq(
    $$
        update app.profiles
        set date_of_birth = (
            select make_date(1990, z.start_month, z.start_day) from app.zodiac_signs as z
            order by z.sort_order limit 1
        )
        where id = auth.uid()
        returning zodiac_sign
    $$,
    $$ select z.code from app.zodiac_signs as z order by z.sort_order limit 1 $$,
    'setting a birth date derives the zodiac sign'
);

select results_eq(
    $$
        update app.profiles
        set date_of_birth = (
            select make_date(1992, z.start_month, z.start_day) from app.zodiac_signs as z
            order by z.sort_order desc limit 1
        )
        where id = auth.uid()
        returning zodiac_sign
    $$,
    $$ select z.code from app.zodiac_signs as z order by z.sort_order desc limit 1 $$,
    'changing the birth date re-derives the sign'
);

select results_eq(
    $$
        update app.profiles set date_of_birth = null
        where id = auth.uid()
        returning zodiac_sign
    $$,
    $$ values (null::text) $$,
    'clearing the birth date clears the sign'
);

select results_eq(
    $$
        update app.profiles set time_zone = 'Asia/Dubai'
        where id = auth.uid()
        returning time_zone
    $$,
    $$ values ('Asia/Dubai') $$,
    'an IANA time zone is accepted'
);

select throws_ok(
    $$ update app.profiles set time_zone = 'Mars/Olympus_Mons' where id = auth.uid() $$,
    'BADTZ', null, 'an unknown time zone is rejected'
);

select throws_ok(
    $$ update app.profiles set language = 'fr' where id = auth.uid() $$,
    'BADLG', null, 'only ar and en are accepted as language, with the RPCs'' code'
);

reset role;

with blocked as (
    update app.profiles set is_blocked = true
    where id = tests.get_user_id('dina')
    returning blocked_at
)

select isnt((select b.blocked_at from blocked as b), null, 'blocking a user stamps blocked_at');

select ok(
    (select p.is_blocked from app.profiles as p where p.id = tests.get_user_id('dina')),
    'the block state is stored'
);

with unblocked as (
    update app.profiles set is_blocked = false
    where id = tests.get_user_id('dina')
    returning blocked_at
)

select is((select u.blocked_at from unblocked as u), null, 'unblocking clears blocked_at');

update app.profiles set updated_at = '2000-01-01' where id = tests.get_user_id('dina');
select tests.authenticate_as('dina');

select results_eq(
    $$
        update app.profiles set last_name = 'Saleh'
        where id = auth.uid()
        returning updated_at
    $$,
    $$ values (now()) $$,
    'every update refreshes updated_at'
);

select * from finish();
rollback;
