-- app.phone_verification_begin must not reveal which numbers other accounts own: a start for a
-- registered number spends the same tokens as any other (security review: phone-owner
-- enumeration). Ownership is enforced at approval by app.mark_phone_verified.
begin;
select plan(4);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
update app.profiles set phone = '+971500000002', phone_verified = true
where id = tests.get_user_id('bob');

select tests.authenticate_as('alice');
select ok(
    app.phone_verification_begin('+971500000002', 'sms') > 0,
    'a start for a number verified by another account looks like any other start'
);
-- alice's phone_verify_start budget: 5 per hour; 4 more starts spend it
select app.phone_verification_begin('+97150000010' || n::text, 'sms')
from generate_series(1, 4) as n;
select throws_ok(
    $$ select app.phone_verification_begin('+971500000002', 'sms') $$,
    'PT429', null, 'probing a registered number is rate limited like any start'
);
select is(
    (select count(*)::integer from app.phone_verification_attempts where phone = '+971500000002'),
    1,
    'the start for the registered number was recorded and cost a token'
);

reset role;
select results_eq(
    $$ select p.phone, p.phone_verified from app.profiles as p where p.id = tests.get_user_id('alice') $$,
    $$ values (null::text, false) $$,
    'starting changes nothing on the profile'
);

select * from finish();
rollback;
