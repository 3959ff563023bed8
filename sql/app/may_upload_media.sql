-- requires: sql/app/has_role.sql
-- requires: sql/app/order_transitions_open.sql
-- may_upload_media: whether the caller may upload a file for a purpose of app.media_purposes
-- and an order. The one home of "who uploads what": the insert policies of storage.objects
-- (per bucket) and the check of new app.media_assets rows (app.media_check_upload) both ask
-- it, so the file and its row are allowed by the same rule.
-- - order_input: the order's client, acting as an unblocked client;
-- - order_result: the assigned reader while a step open to them on the order may write the
--   result's media (app.order_transitions_open: in progress or rejected, as for the result);
-- - horoscope_audio: unblocked monitors, admins and superadmins (the horoscope ingest).
-- Invoker: the order is read under the caller's RLS. Unknown purposes are false.
create or replace function app.may_upload_media(p_purpose text, p_order_id uuid) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select case p_purpose
        when 'order_input' then
            (select app.has_role('client'))
            and exists (
                select 1 from app.orders as o
                where o.id = p_order_id and o.client_id = (select auth.uid())
            )
        when 'order_result' then
            exists (
                select 1
                from app.orders as o
                cross join lateral app.order_transitions_open(o) as t
                where o.id = p_order_id and 'output_media_id' = any(t.writable_columns)
            )
        when 'horoscope_audio' then
            (select app.has_role('monitor', 'admin', 'superadmin'))
        else false
    end
$$;

comment on function app.may_upload_media(text, uuid) is
'True when the caller may upload a file for the purpose and order (storage.objects and '
'app.media_assets insert rules).';

revoke execute on function app.may_upload_media(text, uuid) from public, anon;

grant execute on function app.may_upload_media(text, uuid) to authenticated, service_role;
