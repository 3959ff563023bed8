-- app.mask_email: the first two characters of the local part, "***", "@domain"; never the
-- whole local part; text without a domain keeps only the leading characters; null stays null.
begin;
select plan(14);

select is(app.mask_email('samia@example.com'), 'sa***@example.com', 'a usual address');
select is(app.mask_email('abc@example.com'), 'ab***@example.com', 'three characters show two');
select is(app.mask_email('ab@example.com'), 'a***@example.com', 'two characters show one');
select is(app.mask_email('a@example.com'), '***@example.com', 'one character shows none');
select is(app.mask_email('@example.com'), '***@example.com', 'an empty local part');
select is(app.mask_email('samia'), 'sa***', 'no @: no domain to show');
select is(app.mask_email('samia@'), 'sa***', 'an @ with nothing after it: no domain');
select is(app.mask_email('"a@b"@example.com'), '"a***@example.com', 'the domain follows the last @');
select is(app.mask_email('a@b@'), 'a@***', 'a last @ with nothing after it: no domain, all before it is the local part');
select is(app.mask_email('@'), '***', 'a lone @: nothing to show');
select is(app.mask_email('سامية@مثال.السعودية'), 'سا***@مثال.السعودية', 'Arabic letters count as characters');
select is(app.mask_email(''), '', 'an empty text stays empty');
select is(app.mask_email(null), null, 'null stays null');

select tests.clear_authentication();
select throws_ok(
    $$ select app.mask_email('samia@example.com') $$, '42501', null, 'anon does not call it'
);

select * from finish();
rollback;
