-- Schemas and default privileges (see docs/architecture.md): `public` holds only the API, `app` the tables
-- and helpers, `private` secrets and service-only data. Nothing created later is reachable by an
-- API role unless a grant right after the object says so.

create schema if not exists app;
create schema if not exists private;

comment on schema app is 'Tables and helper functions; not exposed over the Data API.';
comment on schema private is 'Secrets and service-only data; no API role has usage.';

-- anon needs usage only to read the public reference tables through the invoker list_* RPCs;
-- `app` is not an exposed schema, so anon still cannot address it over REST.
grant usage on schema app to anon;
grant usage on schema app to authenticated;
grant usage on schema app to service_role;

-- Functions: no implicit EXECUTE for the API roles. (A per-schema revoke cannot remove the
-- global PUBLIC default, so every function also revokes from public right after it is created.)
alter default privileges for role postgres in schema public
revoke execute on functions from public, anon, authenticated, service_role;
alter default privileges for role postgres in schema app
revoke execute on functions from public, anon, authenticated, service_role;
alter default privileges for role postgres in schema private
revoke execute on functions from public, anon, authenticated, service_role;

-- Tables and sequences: Supabase's legacy "auto expose" defaults on public (PostgREST and
-- Supabase's stock grants) are turned off; every table states its own grants.
alter default privileges for role postgres in schema public
revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema app
revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema app
revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema private
revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema private
revoke usage, select on sequences from anon, authenticated, service_role;

-- Belt and braces: PUBLIC never gets usage on our schemas. `private` has no API-role grants at
-- all; only definer code owned by postgres reaches it.
revoke all on schema app from public;
revoke all on schema private from public;
