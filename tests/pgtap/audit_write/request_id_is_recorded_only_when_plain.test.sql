-- audit_write: the x-request-id header is recorded only when short and plain
-- ([A-Za-z0-9._-]{1,64}); anything else (too long, spaces, quotes, markup) records no id.
begin;
select plan(2);

-- as the test owner: only the audit triggers (definer) call it
select set_config('request.headers', '{"x-request-id": "req-1.a_B-9"}', true);
select app.audit_write('test.plain', 'test', 'plain', null, null);
select set_config('request.headers', json_build_object('x-request-id', repeat('x', 64))::text, true);
select app.audit_write('test.plain', 'test', 'longest', null, null);
select set_config('request.headers', json_build_object('x-request-id', repeat('x', 65))::text, true);
select app.audit_write('test.unplain', 'test', 'too_long', null, null);
select set_config('request.headers', '{"x-request-id": "a b"}', true);
select app.audit_write('test.unplain', 'test', 'space', null, null);
select set_config('request.headers', '{"x-request-id": "<script>\"x"}', true);
select app.audit_write('test.unplain', 'test', 'markup', null, null);
select set_config('request.headers', '{"x-request-id": ""}', true);
select app.audit_write('test.unplain', 'test', 'empty', null, null);

select results_eq(
    $$ select a.entity_id, a.request_id from app.audit_log as a
       where a.event = 'test.plain' order by a.id $$,
    $$ values ('plain', 'req-1.a_B-9'), ('longest', repeat('x', 64)) $$,
    'a plain request id of up to 64 characters is recorded'
);
select results_eq(
    $$ select a.entity_id, a.request_id from app.audit_log as a
       where a.event = 'test.unplain' order by a.id $$,
    $$ values ('too_long', null::text), ('space', null), ('markup', null), ('empty', null) $$,
    'a request id that is too long, empty or not plain is not recorded'
);

select * from finish();
rollback;
