-- purge_old (through app.purge_full_rate_limit_buckets) deletes only buckets idle for a whole refill period (they are full again).
begin;
select plan(2);

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 60}');

select app.rate_limit_take('test_action', 'old');
select app.rate_limit_take('test_action', 'fresh');
update app.rate_limit_buckets
set refreshed_at = now() - interval '61 seconds'
where subject = 'old';

select is(app.purge_full_rate_limit_buckets(), 1, 'the purge deletes one idle bucket');
select results_eq(
    $$ select b.subject from app.rate_limit_buckets as b where b.action = 'test_action' $$,
    $$ values ('fresh'::text) $$,
    'the recently used bucket stays'
);

select * from finish();
rollback;
