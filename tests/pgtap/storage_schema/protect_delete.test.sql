-- storage.objects and storage.buckets refuse a plain DELETE (the Storage service removes the
-- file with the row); with storage.allow_delete_query set it runs, and RLS still applies.
begin;
select plan(5);

insert into storage.buckets (id, name) values ('pgtap-delete', 'pgtap-delete');
insert into storage.objects (bucket_id, name) values ('pgtap-delete', 'a/b.txt');

select throws_ok(
    $$ delete from storage.objects where bucket_id = 'pgtap-delete' $$,
    '42501', null, 'a plain delete of objects is refused, even for the superuser'
);
select throws_ok(
    $$ delete from storage.buckets where id = 'pgtap-nothing' $$,
    '42501', null, 'a delete of buckets is refused even when it matches no row'
);

select set_config('storage.allow_delete_query', 'true', true);
select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');

select is_empty(
    $$ delete from storage.objects where bucket_id = 'pgtap-delete' returning name $$,
    'with the setting, RLS still hides the row from a user without a policy'
);

select tests.clear_authentication();
reset role;

select results_eq(
    $$ delete from storage.objects where bucket_id = 'pgtap-delete' returning name $$,
    $$ values ('a/b.txt') $$,
    'with the setting, the owner deletes the row'
);
select results_eq(
    $$ delete from storage.buckets where id = 'pgtap-delete' returning id $$,
    $$ values ('pgtap-delete') $$,
    'and the empty bucket'
);

select * from finish();
rollback;
