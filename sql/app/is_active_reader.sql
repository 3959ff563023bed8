-- is_active_reader: the one home of "may take work": an unblocked profile with the reader role.
-- The orders trigger asks it of a new assignee (ORDRD), a call booking of its reader.
-- Definer because clients cannot read readers' profiles (a booking names one); returns one
-- boolean about the profile asked for, nothing else.
create or replace function app.is_active_reader(p_profile_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from app.profiles as p
        where p.id = p_profile_id and p.role = 'reader' and not p.is_blocked
    )
$$;

comment on function app.is_active_reader(uuid) is
'Whether the profile is an unblocked reader (may be assigned orders and booked for calls).';

revoke execute on function app.is_active_reader(uuid) from public, anon;

grant execute on function app.is_active_reader(uuid) to authenticated, service_role;
