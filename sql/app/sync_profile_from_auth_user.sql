-- Auth sync. Definer because Supabase Auth writes auth.users as supabase_auth_admin, which has
-- no rights on `app`; the function only ever touches the profile of the row that fired it.
-- The initial role comes from raw_app_meta_data (writable only with the service key), never
-- from raw_user_meta_data (writable by the user), and only on insert.
create or replace function app.sync_profile_from_auth_user() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_role text := 'client';
begin
    if tg_op = 'INSERT' then
        select r.code into v_role
        from app.roles as r
        where r.code = new.raw_app_meta_data ->> 'role';
        v_role := coalesce(v_role, 'client');
    end if;
    insert into app.profiles as p (id, role, email, email_verified)
    values (new.id, v_role, new.email, new.email_confirmed_at is not null)
    on conflict (id) do update
        set
            email = excluded.email,
            email_verified = excluded.email_verified
        where
            (p.email, p.email_verified)
            is distinct from (excluded.email, excluded.email_verified);
    return null;
end;
$$;

comment on function app.sync_profile_from_auth_user() is
'Trigger on auth.users: creates the profile (role from app_metadata) and syncs email fields.';

revoke execute on function app.sync_profile_from_auth_user()
from public, anon, authenticated, service_role;

create or replace trigger on_auth_user_sync_profile
after insert or update of email, email_confirmed_at on auth.users
for each row execute function app.sync_profile_from_auth_user();
