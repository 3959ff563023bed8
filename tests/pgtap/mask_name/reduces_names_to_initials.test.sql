-- app.mask_name: each word's first letter and ".", separated by one space; blank or null is null.
begin;
select plan(10);

select is(app.mask_name('Samia Ahmed'), 'S. A.', 'a first and last name');
select is(app.mask_name('سامية أحمد'), 'س. أ.', 'an Arabic name keeps its Arabic initials');
select is(app.mask_name('عبد الله بن محمد'), 'ع. ا. ب. م.', 'every word of a long Arabic name');
select is(app.mask_name('  Layla   Al  Khalil '), 'L. A. K.', 'extra white space is ignored');
select is(app.mask_name(E'Omar\tNasser'), 'O. N.', 'a tab separates words too');
select is(app.mask_name(E'\n Omar \r\nNasser\n'), 'O. N.', 'line breaks around and between words too');
select is(app.mask_name('Y'), 'Y.', 'a one-letter name');
select is(app.mask_name('   '), null, 'a blank name is null');
select is(app.mask_name(null), null, 'null stays null');

select tests.clear_authentication();
select throws_ok($$ select app.mask_name('Samia') $$, '42501', null, 'anon does not call it');

select * from finish();
rollback;
