-- Supabase Storage's tables for the local stack's /storage/v1 service (local stack and test
-- databases only). Recreates what a Supabase project's storage schema holds after Storage's own
-- migrations: the role the service connects as, storage.buckets and storage.objects with their
-- columns, indexes and triggers, the path helpers, storage.search (which lists a folder) and
-- storage.operation(). RLS is enabled with no policy, as on a fresh project: anon and
-- authenticated reach nothing until the project adds policies. Every object is created only when
-- missing, so running this against a real Supabase project changes nothing there.
-- Functions set an empty search_path and name every object with its schema (lint 0011), although
-- Supabase's linter skips the storage schema altogether, as our _security lints do.

do $bootstrap$
begin
    if not exists (select 1 from pg_roles where rolname = 'supabase_storage_admin') then
        -- local password only; a Supabase project manages its own
        create role supabase_storage_admin login noinherit password 'postgres';
        alter role supabase_storage_admin set statement_timeout = '8s';
        -- Supabase's default privileges in storage, set only on a fresh local cluster
        alter default privileges in schema storage grant all on tables
        to postgres, anon, authenticated, service_role;
        alter default privileges in schema storage grant all on functions
        to postgres, anon, authenticated, service_role;
        alter default privileges in schema storage grant all on sequences
        to postgres, anon, authenticated, service_role;
    end if;
    if to_regtype('storage.buckettype') is null then
        create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');
    end if;
end
$bootstrap$;

-- the service switches to the caller's role in each transaction (set local role)
grant anon to supabase_storage_admin;
grant authenticated to supabase_storage_admin;
grant service_role to supabase_storage_admin;
grant all on schema storage to supabase_storage_admin;

create table if not exists storage.buckets (
    id text not null primary key,
    name text not null,
    owner uuid,
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    public boolean default false,
    avif_autodetection boolean default false,
    file_size_limit bigint,
    allowed_mime_types text[],
    owner_id text,
    type storage.buckettype not null default 'STANDARD'
);

create unique index if not exists bname on storage.buckets (name);

create table if not exists storage.objects (
    id uuid not null default gen_random_uuid() primary key,
    bucket_id text references storage.buckets (id),
    name text,
    owner uuid,
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    last_accessed_at timestamptz default now(),
    metadata jsonb,
    path_tokens text[] generated always as (string_to_array(name, '/')) stored,
    version text,
    owner_id text,
    user_metadata jsonb
);

create unique index if not exists bucketid_objname on storage.objects (bucket_id, name);
create index if not exists name_prefix_search on storage.objects (name text_pattern_ops);
create index if not exists idx_objects_bucket_id_name
on storage.objects (bucket_id, name collate "C");
create index if not exists idx_objects_bucket_id_name_lower
on storage.objects (bucket_id, lower(name) collate "C");

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;

do $functions$
begin
    if to_regprocedure('storage.foldername(text)') is null then
        -- every segment but the last: 'a/b/c.png' gives {a,b}, 'c.png' gives {}
        create function storage.foldername(name text) returns text []
        language sql immutable set search_path = '' as $fn$
            select (string_to_array(name, '/'))[1:cardinality(string_to_array(name, '/')) - 1]
        $fn$;
    end if;
    if to_regprocedure('storage.filename(text)') is null then
        -- the last segment: 'a/b/c.png' gives c.png
        create function storage.filename(name text) returns text
        language sql immutable set search_path = '' as $fn$
            select (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
        $fn$;
    end if;
    if to_regprocedure('storage.extension(text)') is null then
        -- after the last dot of the file name; a name without a dot is returned whole
        create function storage.extension(name text) returns text
        language sql immutable set search_path = '' as $fn$
            select reverse(split_part(reverse(storage.filename(name)), '.', 1))
        $fn$;
    end if;
    if to_regprocedure('storage.operation()') is null then
        -- what the Storage service is doing in this transaction, e.g. storage.object.upload
        create function storage.operation() returns text
        language sql stable set search_path = '' as $fn$
            select current_setting('storage.operation', true)
        $fn$;
    end if;
    if to_regprocedure('storage.update_updated_at_column()') is null then
        create function storage.update_updated_at_column() returns trigger
        language plpgsql set search_path = '' as $fn$
        begin
            new.updated_at := now();
            return new;
        end
        $fn$;
    end if;
    if to_regprocedure('storage.enforce_bucket_name_length()') is null then
        create function storage.enforce_bucket_name_length() returns trigger
        language plpgsql set search_path = '' as $fn$
        begin
            if length(new.name) > 100 then
                raise exception 'bucket name "%" is too long (% characters). Max is 100.',
                    new.name, length(new.name);
            end if;
            return new;
        end
        $fn$;
    end if;
    if to_regprocedure('storage.protect_delete()') is null then
        -- rows and files go together: only the Storage service, which removes the file too,
        -- deletes rows (it sets storage.allow_delete_query for its transaction)
        create function storage.protect_delete() returns trigger
        language plpgsql set search_path = '' as $fn$
        begin
            if coalesce(current_setting('storage.allow_delete_query', true), '') <> 'true' then
                raise exception 'Direct deletion from storage tables is not allowed. %',
                    'Use the Storage API instead.'
                    using errcode = '42501',
                    hint = 'Set storage.allow_delete_query to true in this transaction first.';
            end if;
            return null;
        end
        $fn$;
    end if;
    if to_regprocedure(
        'storage.search(text, text, integer, integer, integer, text, text, text)'
    ) is null then
        -- One folder level of a bucket, as POST /object/list shows it: the sub-folders (id and
        -- dates null) and the files directly under `prefix` (which ends with '/' or is empty),
        -- whose names start with `search`. Names are relative to the prefix and compared
        -- case-insensitively; sorting by anything but the name puts the folders first.
        create function storage.search(
            prefix text, bucketname text, limits integer default 100,
            levels integer default 1, offsets integer default 0, search text default '',
            sortcolumn text default 'name', sortorder text default 'asc'
        ) returns table (
            name text, id uuid, updated_at timestamptz, created_at timestamptz,
            last_accessed_at timestamptz, metadata jsonb
        )
        language sql stable set search_path = '' as $fn$
            with matching as (
                select
                    o.path_tokens[levels] as entry,
                    cardinality(o.path_tokens) = levels as is_file,
                    o.id,
                    o.updated_at,
                    o.created_at,
                    o.last_accessed_at,
                    o.metadata
                from storage.objects as o
                where
                    o.bucket_id = bucketname
                    and starts_with(
                        lower(o.name), lower(coalesce(prefix, '') || coalesce(search, ''))
                    )
                    and cardinality(o.path_tokens) >= levels
            ),

            entries as (
                select distinct
                    m.entry,
                    null::uuid as id,
                    null::timestamptz as updated_at,
                    null::timestamptz as created_at,
                    null::timestamptz as last_accessed_at,
                    null::jsonb as metadata
                from matching as m
                where not m.is_file
                union all
                select m.entry, m.id, m.updated_at, m.created_at, m.last_accessed_at, m.metadata
                from matching as m
                where m.is_file
            ),

            keyed as (
                select
                    e.*,
                    sortorder = 'desc' as descending,
                    lower(e.entry) collate "C" as sort_name,
                    case sortcolumn
                        when 'updated_at' then e.updated_at
                        when 'created_at' then e.created_at
                        when 'last_accessed_at' then e.last_accessed_at
                    end as sort_time
                from entries as e
            )

            select k.entry, k.id, k.updated_at, k.created_at, k.last_accessed_at, k.metadata
            from keyed as k
            order by
                k.sort_time is not null,
                case when not k.descending then k.sort_time end asc,
                case when k.descending then k.sort_time end desc,
                case when not k.descending then k.sort_name end asc,
                case when k.descending then k.sort_name end desc,
                k.entry collate "C" asc
            limit
                least(greatest(coalesce(limits, 100), 0), 1500)
                offset greatest(coalesce(offsets, 0), 0)
        $fn$;
    end if;
end
$functions$;

-- owner supabase_storage_admin, as on Supabase; only what this file creates, only when needed
do $owners$
declare
    target regclass;
    fn regprocedure;
begin
    foreach target in array array['storage.buckets', 'storage.objects']::regclass [] loop
        if pg_get_userbyid((select c.relowner from pg_class as c where c.oid = target))
            <> 'supabase_storage_admin' then
            execute format('alter table %s owner to supabase_storage_admin', target);
        end if;
    end loop;
    foreach fn in array array[
        'storage.foldername(text)', 'storage.filename(text)', 'storage.extension(text)',
        'storage.operation()', 'storage.update_updated_at_column()',
        'storage.enforce_bucket_name_length()', 'storage.protect_delete()',
        'storage.search(text, text, integer, integer, integer, text, text, text)'
    ]::regprocedure [] loop
        if pg_get_userbyid((select p.proowner from pg_proc as p where p.oid = fn))
            <> 'supabase_storage_admin' then
            execute format('alter function %s owner to supabase_storage_admin', fn);
        end if;
    end loop;
end
$owners$;

grant execute on function
storage.foldername(text), storage.filename(text), storage.extension(text), storage.operation(),
storage.search(text, text, integer, integer, integer, text, text, text)
to public;

-- the delete guards are statement-level, so even a delete that matches no row is refused
do $triggers$
declare
    spec record;
begin
    for spec in
        select t.*
        from (
            values
            ('storage.objects', 'update_objects_updated_at', 'before update', 'row',
                'storage.update_updated_at_column'),
            ('storage.buckets', 'enforce_bucket_name_length_trigger',
                'before insert or update of name', 'row', 'storage.enforce_bucket_name_length'),
            ('storage.objects', 'protect_objects_delete', 'before delete', 'statement',
                'storage.protect_delete'),
            ('storage.buckets', 'protect_buckets_delete', 'before delete', 'statement',
                'storage.protect_delete')
        ) as t (table_name, trigger_name, timing, level, function_name)
    loop
        if not exists (
            select 1 from pg_trigger
            where tgrelid = spec.table_name::regclass and tgname = spec.trigger_name
        ) then
            execute format(
                'create trigger %I %s on %s for each %s execute function %s()',
                spec.trigger_name, spec.timing, spec.table_name, spec.level, spec.function_name
            );
        end if;
    end loop;
end
$triggers$;
