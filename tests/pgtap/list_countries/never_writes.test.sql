-- The metadata RPCs are read-only (an earlier version wrote an audit row on every read):
-- declared stable, they run in a read-only transaction and leave the audit log as it was.
begin;
select plan(7);

select volatility_is('public', 'list_countries', array['text', 'text'], 'stable', 'list_countries is stable');
select volatility_is('public', 'list_zodiac_signs', array['text'], 'stable', 'list_zodiac_signs is stable');
select volatility_is('public', 'list_services', array['text'], 'stable', 'list_services is stable');

create temporary table audit_before on commit drop as
select count(*) as n from app.audit_log;

select set_config('transaction_read_only', 'on', true);
select tests.clear_authentication();

select lives_ok(
    $$ select * from public.list_countries('ar', 'dial_code') $$,
    'list_countries runs as anon in a read-only transaction'
);
select lives_ok(
    $$ select * from public.list_zodiac_signs('ar') $$,
    'list_zodiac_signs runs as anon in a read-only transaction'
);
select lives_ok(
    $$ select * from public.list_services('en') $$,
    'list_services runs as anon in a read-only transaction'
);

reset role;
select is(
    (select count(*) from app.audit_log),
    (select n from audit_before),
    'no audit row was written by the reads'
);

select * from finish();
rollback;
