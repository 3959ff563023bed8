-- app.mask_phone: keeps "+", at most three leading and two trailing digits, hides at least four
-- digits; anything that is not E.164 is masked whole; null stays null.
begin;
select plan(6);

select is(app.mask_phone('+971501234567'), '+971*******67', 'a UAE mobile number');
select is(app.mask_phone('+123456789012345'), '+123**********45', 'the longest E.164 number');
select is(app.mask_phone('+1234567'), '+1****67', 'the shortest still hides four digits');
select is(app.mask_phone('0501234567'), '**********', 'a number that is not E.164 is masked whole');
select is(app.mask_phone(null), null, 'null stays null');

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.mask_phone('+971501234567') $$,
    '42501', null, 'API roles do not call it (triggers do)'
);

select * from finish();
rollback;
