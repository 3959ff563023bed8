-- media_is_recorded: whether a Storage object has its app.media_assets row. The delete policy
-- of storage.objects asks it, so an uploader may remove their own object only while no row
-- records it: media_upload removes a file whose row failed to commit, and nobody removes a file
-- a committed row points at.

-- Definer because the caller may not see every media row (e.g. a reader moved off the order);
-- returns one boolean.
create or replace function app.media_is_recorded(p_bucket text, p_path text) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from app.media_assets as m
        where m.bucket = p_bucket and m.path = p_path
    )
$$;

comment on function app.media_is_recorded(text, text) is
'True when an app.media_assets row records the Storage object (bucket, key).';

revoke execute on function app.media_is_recorded(text, text) from public, anon;

grant execute on function app.media_is_recorded(text, text) to authenticated, service_role;
