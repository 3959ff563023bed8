-- set_my_availability_exceptions: an exception is on a finite date (CLWIN). 'infinity' parses
-- as a date, but no call is ever on it and the clients reading the reader's availability get
-- a date they cannot read.
begin;
select plan(3);

select tests.create_user('rita', 'reader');
select tests.freeze_time('2026-04-01 08:00Z');

select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.set_my_availability_exceptions('[{"on_date": "infinity"}]', 'UTC') $$,
    'CLWIN', null, 'an exception on infinity is refused'
);
select throws_ok(
    $$ select public.set_my_availability_exceptions('[{"on_date": "-infinity"}]', 'UTC') $$,
    'CLWIN', null, 'an exception on -infinity is refused'
);
select is(
    jsonb_array_length(public.set_my_availability_exceptions(
        '[{"on_date": "2026-04-10"}]', 'UTC'
    ) -> 'exceptions'),
    1, 'an exception on a real date is kept'
);

select * from finish();
rollback;
