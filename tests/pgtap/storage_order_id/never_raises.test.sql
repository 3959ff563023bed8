-- storage_order_id: the order id of a key `<order_id>/<file>`, and null (never an error) for
-- any other key, so a policy that calls it cannot fail on a strange key.
begin;
select plan(6);

select is(
    app.storage_order_id('0b0f3a4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c/file'),
    '0b0f3a4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c'::uuid,
    'a uuid folder is the order id'
);
select is(
    app.storage_order_id('0B0F3A4C-1D2E-4F5A-8B9C-0D1E2F3A4B5C/a/b'),
    '0b0f3a4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c'::uuid,
    'upper case and deeper keys work too'
);
select is(app.storage_order_id('not-a-uuid/file'), null, 'a folder that is not a uuid is null');
select is(
    app.storage_order_id('0b0f3a4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c'), null,
    'a bare uuid without a file is null'
);
select is(
    app.storage_order_id('0b0f3a4c-1d2e-4f5a-8b9c-0d1e2f3a4b5cX/file'), null,
    'a uuid with trailing characters is null'
);
select is(app.storage_order_id(null), null, 'null is null');

select * from finish();
rollback;
