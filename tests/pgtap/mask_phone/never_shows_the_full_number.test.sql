-- app.mask_phone: "+", at most three leading digits, "***", the last two; at least four digits
-- hidden, whatever the length; anything that is not E.164 is "***"; null stays null.
begin;
select plan(19);

select is(app.mask_phone('+971501234567'), '+971***67', 'a UAE mobile number');
select is(app.mask_phone('+1234567'), '+1***67', '7 digits, the shortest E.164, show one leading digit');
select is(app.mask_phone('+12345678'), '+12***78', '8 digits show two leading digits');
select results_eq(
    $$
        select n, app.mask_phone('+1' || pg_catalog.repeat('0', n - 3) || '89')
        from pg_catalog.generate_series(9, 15) as n
        order by n
    $$,
    $$
        select n, '+100***89'
        from pg_catalog.generate_series(9, 15) as n
        order by n
    $$,
    'numbers of 9 to 15 digits show three leading digits and the same "***", hiding the length'
);
select ok(
    (
        select
            pg_catalog.bool_and(
                pg_catalog.length(pg_catalog.regexp_replace(app.mask_phone(p.phone), '[^0-9]', '', 'g'))
                <= pg_catalog.length(p.phone) - 1 - 4
            )
        from (
            select '+9' || pg_catalog.lpad('', n - 1, '7') as phone
            from pg_catalog.generate_series(7, 15) as n
        ) as p
    ),
    'at every length from 7 to 15 digits at least four digits are hidden'
);
select is(app.mask_phone('+123456'), '***', 'six digits are not E.164: masked whole');
select is(app.mask_phone('+1234567890123456'), '***', 'sixteen digits are not E.164: masked whole');
select is(app.mask_phone('0501234567'), '***', 'a national number is masked whole');
select is(app.mask_phone('+0501234567'), '***', 'a leading zero after + is not E.164');
select is(app.mask_phone('+97150 123 4567'), '***', 'spaces are not E.164');
select is(app.mask_phone(''), '***', 'an empty text is masked whole');
select is(app.mask_phone('12'), '***', 'two digits never show');
select is(app.mask_phone('+97150123456a'), '***', 'a letter among the digits is not E.164');
select is(app.mask_phone('+٩٧١٥٠١٢٣٤٥٦٧'), '***', 'only ASCII digits count: Arabic-Indic ones are masked whole');
select is(app.mask_phone('++971501234567'), '***', 'a second + is not E.164');
select is(app.mask_phone(null), null, 'null stays null');

select tests.create_user('admin', 'admin');
select tests.authenticate_as('admin');
select is(app.mask_phone('+971501234567'), '+971***67', 'the exports run it as the caller');

select tests.clear_authentication();
select throws_ok(
    $$ select app.mask_phone('+971501234567') $$,
    '42501', null, 'anon does not call it'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.mask_phone('+971501234567') $$,
    '42501', null, 'the service role does not call it'
);

select * from finish();
rollback;
