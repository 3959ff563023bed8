-- app.horoscopes: the public (anon and every signed-in user) reads a horoscope only when it is
-- approved and of today (app.horoscope_today); monitors, admins and superadmins read every day
-- and state and write through the ingest function and the judging RPCs, whose transitions the
-- trigger horoscopes_10_enforce_transition checks. Nobody deletes: a horoscope is replaced by
-- re-ingesting its sign and day.

alter table app.horoscopes enable row level security;

revoke all on table app.horoscopes from anon, authenticated, service_role;
grant select on table app.horoscopes to anon, authenticated, service_role;
grant insert (
    sign, horoscope_date, status, source_url, media_id, duration_ms, error_code, error_detail
) on table app.horoscopes to authenticated, service_role;
grant update (
    status, source_url, media_id, duration_ms, rejection_reason, error_code, error_detail
) on table app.horoscopes to authenticated, service_role;

drop policy if exists horoscopes_select_anon on app.horoscopes;
create policy horoscopes_select_anon on app.horoscopes
for select
to anon
using (status = 'approved' and horoscope_date = (select app.horoscope_today()));

-- the public's rule again (one permissive policy per role and command), or staff
drop policy if exists horoscopes_select_authenticated on app.horoscopes;
create policy horoscopes_select_authenticated on app.horoscopes
for select
to authenticated
using (
    (status = 'approved' and horoscope_date = (select app.horoscope_today()))
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);

drop policy if exists horoscopes_insert_staff on app.horoscopes;
create policy horoscopes_insert_staff on app.horoscopes
for insert
to authenticated
with check ((select app.has_role('monitor', 'admin', 'superadmin')));

drop policy if exists horoscopes_update_staff on app.horoscopes;
create policy horoscopes_update_staff on app.horoscopes
for update
to authenticated
using ((select app.has_role('monitor', 'admin', 'superadmin')))
with check ((select app.has_role('monitor', 'admin', 'superadmin')));
