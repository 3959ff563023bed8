-- app.is_of_age: the day of the birthday counts; 29 February birthdays count from 1 March in
-- common years.
begin;
select plan(6);

select ok(app.is_of_age('2008-05-10', '2026-05-10', 18), 'of age on the 18th birthday');
select ok(not app.is_of_age('2008-05-10', '2026-05-09', 18), 'not of age the day before');
select ok(not app.is_of_age('2008-02-29', '2026-02-28', 18), 'a 29 February birth is not 18 on 28 February of a common year');
select ok(app.is_of_age('2008-02-29', '2026-03-01', 18), 'but is on 1 March');
select ok(app.is_of_age('2000-02-29', '2028-02-29', 28), 'and on 29 February in a leap year');
select ok(not app.is_of_age('2000-02-29', '2028-02-28', 28), 'not the day before it');

select * from finish();
rollback;
