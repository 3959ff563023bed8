-- requires: sql/app/mask_phone.sql

-- Definer: see orders_audit_change. A change of the phone number is audited here, whatever path
-- made it (the verification check, an admin, the service side), with both numbers masked: the
-- audit log never holds a full number. The actor is whoever app.audit_write sees (the user a
-- verification check acts for, an admin, or the system).
create or replace function app.profiles_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if new.role is distinct from old.role then
        perform app.audit_write(
            'profile.role_changed', 'profile', new.id::text,
            pg_catalog.jsonb_build_object('role', old.role),
            pg_catalog.jsonb_build_object('role', new.role)
        );
    end if;
    if new.phone is distinct from old.phone then
        perform app.audit_write(
            'profile.phone_changed', 'profile', new.id::text,
            pg_catalog.jsonb_build_object(
                'phone', app.mask_phone(old.phone), 'phone_verified', old.phone_verified
            ),
            pg_catalog.jsonb_build_object(
                'phone', app.mask_phone(new.phone), 'phone_verified', new.phone_verified
            )
        );
    end if;
    if (new.phone_verified, new.email_verified) is distinct from (old.phone_verified, old.email_verified) then
        perform app.audit_write(
            'profile.verification_changed', 'profile', new.id::text,
            pg_catalog.jsonb_build_object(
                'phone_verified', old.phone_verified, 'email_verified', old.email_verified
            ),
            pg_catalog.jsonb_build_object(
                'phone_verified', new.phone_verified, 'email_verified', new.email_verified
            )
        );
    end if;
    if new.is_blocked is distinct from old.is_blocked then
        perform app.audit_write(
            case when new.is_blocked then 'profile.blocked' else 'profile.unblocked' end,
            'profile', new.id::text,
            pg_catalog.jsonb_build_object('is_blocked', old.is_blocked),
            pg_catalog.jsonb_build_object('is_blocked', new.is_blocked)
        );
    end if;
    return null;
end;
$$;

comment on function app.profiles_audit_change() is
'Trigger: audits changes of a profile''s role, phone number (masked), verification flags and '
'block state.';

revoke execute on function app.profiles_audit_change() from public, anon, authenticated, service_role;

create or replace trigger profiles_audit_change
after update of role, phone, phone_verified, email_verified, is_blocked on app.profiles
for each row execute function app.profiles_audit_change();
