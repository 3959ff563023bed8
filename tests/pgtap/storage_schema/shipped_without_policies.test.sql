-- storage.buckets and storage.objects as Supabase ships them: owned by supabase_storage_admin,
-- RLS on and no policy of Storage's own, so API roles reach nothing but what the project's
-- policies (sql/policies/storage_objects.sql, all for the product's buckets) allow.
begin;
select plan(6);

select results_eq(
    $$
    select
        c.oid::regclass::text,
        pg_get_userbyid(c.relowner)::text collate "default",
        c.relrowsecurity
    from pg_catalog.pg_class as c
    where c.oid in ('storage.buckets'::regclass, 'storage.objects'::regclass)
    order by 1
    $$,
    $$
    values
    ('storage.buckets', 'supabase_storage_admin', true),
    ('storage.objects', 'supabase_storage_admin', true)
    $$,
    'both tables belong to supabase_storage_admin and have RLS enabled'
);
select is_empty(
    $$ select policyname from pg_catalog.pg_policies
       where schemaname = 'storage' and tablename = 'objects'
       and policyname not like 'storage\_objects\_%' $$,
    'no policy on objects but the project''s own'
);
select policies_are('storage', 'buckets', array[]::name[], 'no policy ships on buckets');

insert into storage.buckets (id, name) values ('pgtap-shipped', 'pgtap-shipped');
insert into storage.objects (bucket_id, name) values ('pgtap-shipped', 'a.txt');

select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');
select is_empty($$ select id from storage.buckets $$, 'a user sees no bucket');
select throws_ok(
    $$ insert into storage.objects (bucket_id, name) values ('pgtap-shipped', 'b.txt') $$,
    '42501', null, 'a user cannot add an object'
);

select tests.authenticate_as_service_role();
select results_eq(
    $$ select name from storage.objects where bucket_id = 'pgtap-shipped' $$,
    $$ values ('a.txt') $$,
    'the service role sees every object'
);

select * from finish();
rollback;
