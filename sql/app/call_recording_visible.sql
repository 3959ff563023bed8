-- requires: sql/app/has_role.sql
-- requires: sql/app/call_flag.sql
-- call_recording_visible: whether the caller may listen to the recordings of a call: monitors,
-- admins and superadmins always; the call's client and reader only while the setting
-- calls.recordings_visible_to_parties is true. A blocked caller never (app.has_role).
-- Definer because clients and readers cannot read app.app_settings or the booking of another
-- party; answers only true or false for the signed-in caller.
create or replace function app.call_recording_visible(p_order_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select
        app.has_role('monitor', 'admin', 'superadmin')
        or (
            app.has_role('client', 'reader')
            and app.call_flag('recordings_visible_to_parties')
            and exists (
                select 1 from app.call_bookings as b
                where
                    b.order_id = p_order_id
                    and (select auth.uid()) in (b.reader_id, b.client_id)
            )
        )
$$;

comment on function app.call_recording_visible(uuid) is
'Whether the caller may listen to the recordings of the call booked as order p_order_id.';

revoke execute on function app.call_recording_visible(uuid) from public, anon;

grant execute on function app.call_recording_visible(uuid) to authenticated;
