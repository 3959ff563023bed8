-- tests.error_detail: the JSON detail of the error a statement raises, as the acting role; null
-- when it raises none.
begin;
select plan(3);

select is(
    tests.error_detail($$ select app.assert_e164('0501') $$),
    '{"phone": "0501"}'::jsonb,
    'the detail of a raised error, as jsonb'
);
select is(
    tests.error_detail($$ select app.assert_e164('+971501234567') $$),
    null,
    'null when the statement raises nothing'
);

select tests.clear_authentication();
select is(
    tests.error_detail($$ select app.assert_e164('0501') $$),
    null,
    'the statement runs as the acting role: anon may not call the check, so no BADPH detail'
);

select * from finish();
rollback;
