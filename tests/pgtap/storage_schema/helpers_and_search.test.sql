-- The path helpers and storage.search, the function behind POST /object/list.
begin;
select plan(9);

select is(storage.foldername('a/b/c.png'), array['a', 'b'], 'foldername: all but the last');
select is(storage.foldername('c.png'), array[]::text[], 'foldername: none at the top');
select is(storage.filename('a/b/c.png'), 'c.png', 'filename: the last segment');
select is(storage.extension('a/x.tar.gz'), 'gz', 'extension: after the last dot');
select is(storage.extension('README'), 'README', 'extension: a name without a dot');

insert into storage.buckets (id, name) values ('pgtap-search', 'pgtap-search');
insert into storage.objects (bucket_id, name)
values
('pgtap-search', 'folder/x.png'),
('pgtap-search', 'folder/sub/y.png'),
('pgtap-search', 'Folder/z.png'),
('pgtap-search', 'folder2/w.png'),
('pgtap-search', 'top.txt');

select results_eq(
    $$ select name, id is null from storage.search('', 'pgtap-search') $$,
    $$ values ('Folder', true), ('folder', true), ('folder2', true), ('top.txt', false) $$,
    'the top level: folders once each, without ids, sorted case-insensitively'
);
select results_eq(
    $$ select name from storage.search('folder/', 'pgtap-search', 100, 2) $$,
    $$ values ('sub'), ('x.png'), ('z.png') $$,
    'one level down, names relative to the prefix, which matches case-insensitively'
);
select results_eq(
    $$
    select name from storage.search('', 'pgtap-search', 100, 1, 0, '', 'created_at', 'desc')
    $$,
    $$ values ('folder2'), ('Folder'), ('folder'), ('top.txt') $$,
    'sorted by a date, folders come first'
);

select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');

select is_empty(
    $$ select name from storage.search('', 'pgtap-search') $$,
    'as a user without a select policy the listing is empty (RLS, no policy shipped)'
);

select * from finish();
rollback;
