-- The storage functions run as their caller (none is security definer, so none lifts RLS) with a
-- fixed search path, and storage.search matches the prefix and the search text literally: the
-- LIKE wildcards % and _ and the escape \ find no name they do not spell.
begin;
select plan(5);

select is_empty(
    $$
    select p.oid::regprocedure::text
    from pg_catalog.pg_proc as p
    where p.pronamespace = 'storage'::regnamespace and p.prosecdef
    $$,
    'no storage function is security definer'
);
select is_empty(
    $$
    select p.oid::regprocedure::text
    from pg_catalog.pg_proc as p
    where
        p.pronamespace = 'storage'::regnamespace
        and not coalesce('search_path=""' = any(p.proconfig), false)
    $$,
    'every storage function sets an empty search path'
);

insert into storage.buckets (id, name) values ('pgtap-literal', 'pgtap-literal');
insert into storage.objects (bucket_id, name)
values ('pgtap-literal', 'abc.txt'), ('pgtap-literal', 'a_c.txt'), ('pgtap-literal', 'x\y.txt');

select is_empty(
    $$ select name from storage.search('%', 'pgtap-literal', 100, 1, 0, '%') $$,
    'a % prefix or search finds nothing: no name starts with it'
);
select results_eq(
    $$ select name from storage.search('', 'pgtap-literal', 100, 1, 0, 'a_') $$,
    $$ values ('a_c.txt') $$,
    'an _ in the search matches only an underscore'
);
select results_eq(
    $$ select name from storage.search('', 'pgtap-literal', 100, 1, 0, 'x\') $$,
    $$ values ('x\y.txt') $$,
    'a backslash is a plain character'
);

select * from finish();
rollback;
