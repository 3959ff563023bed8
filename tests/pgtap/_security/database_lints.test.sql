-- The Supabase database-linter rules CI must never trip, written as queries over the catalog:
-- 0008 RLS without policies, 0010 definer views, 0013 tables without RLS in the exposed schema,
-- 0024 always-true write policies, 0014 extensions in public.
-- 0003, 0011, 0015, 0028 and 0029 are pinned in api_surface.test.sql.
begin;
select plan(5);

select is_empty(
    $$
    select c.relname
    from pg_catalog.pg_class as c
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    where
        n.nspname in ('app', 'private', 'public')
        and c.relkind in ('r', 'p')
        and c.relrowsecurity
        and not exists (
            select 1 from pg_catalog.pg_policy as p
            where p.polrelid = c.oid
        )
    $$,
    'every table with RLS enabled has at least one policy (lint 0008)'
);

select is_empty(
    $$
    select c.relname
    from pg_catalog.pg_class as c
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    where
        n.nspname = 'public'
        and c.relkind in ('v', 'm')
        and not coalesce(
            'security_invoker=true' = any(c.reloptions)
            or 'security_invoker=on' = any(c.reloptions),
            false
        )
    $$,
    'no view in public runs with its owner''s rights (lint 0010)'
);

select is_empty(
    $$
    select c.relname
    from pg_catalog.pg_class as c
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    where
        n.nspname = 'public'
        and c.relkind in ('r', 'p')
        and not c.relrowsecurity
    $$,
    'no table in public lacks RLS (lint 0013)'
);

select is_empty(
    $$
    select schemaname || '.' || tablename || ' ' || policyname
    from pg_catalog.pg_policies
    where
        schemaname in ('app', 'private', 'public')
        and permissive = 'PERMISSIVE'
        and (
            (cmd in ('UPDATE', 'DELETE', 'ALL') and qual in ('true', '(1 = 1)'))
            or with_check in ('true', '(1 = 1)')
            or (cmd = 'INSERT' and with_check is null)
        )
    $$,
    'no write policy lets every row through (lint 0024)'
);

select is_empty(
    $$
    select e.extname
    from pg_catalog.pg_extension as e
    inner join pg_catalog.pg_namespace as n on e.extnamespace = n.oid
    where n.nspname = 'public'
    $$,
    'no extension is installed in public (lint 0014)'
);

select * from finish();
rollback;
