"""supabase_compat_auth.sql: GoTrue's tables, RLS without policies, and a service role with
exactly the rights the Auth service uses (and none on the application's schemas)."""

from __future__ import annotations

import psycopg
import psycopg.conninfo
import pytest

from samia_cli import migrator

AUTH_TABLES = ("users", "identities", "sessions", "refresh_tokens", "mfa_amr_claims")
PRIVILEGES = ("select", "insert", "update", "delete", "truncate", "references", "trigger")
# refresh_tokens: a token left without its session is deleted; the rest goes by cascade
SERVICE_RIGHTS = {
    "users": {"select", "insert", "update", "delete"},
    "identities": {"select", "insert", "update"},
    "sessions": {"select", "insert", "update", "delete"},
    "refresh_tokens": {"select", "insert", "update", "delete"},
    "mfa_amr_claims": {"select", "insert"},
}
GOTRUE_COLUMNS = {
    "identities": {"id", "provider_id", "user_id", "identity_data", "provider",
                   "last_sign_in_at", "created_at", "updated_at", "email"},
    "sessions": {"id", "user_id", "created_at", "updated_at", "factor_id", "aal", "not_after",
                 "refreshed_at", "user_agent", "ip", "tag", "oauth_client_id",
                 "refresh_token_hmac_key", "refresh_token_counter", "scopes"},
    "refresh_tokens": {"instance_id", "id", "token", "user_id", "revoked", "created_at",
                       "updated_at", "parent", "session_id"},
    "mfa_amr_claims": {"id", "session_id", "authentication_method", "created_at",
                       "updated_at"},
}


def test_tables_have_gotrue_columns_and_rls_without_policies(db: psycopg.Connection):
    for table, expected in GOTRUE_COLUMNS.items():
        columns = {r[0] for r in db.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'auth' and table_name = %s", (table,))}
        assert columns == expected, table
    rows = db.execute(
        "select c.relname, c.relrowsecurity, "
        "(select count(*) from pg_policy p where p.polrelid = c.oid) "
        "from pg_class c where c.relnamespace = 'auth'::regnamespace "
        "and c.relname = any(%s) order by 1", (list(AUTH_TABLES),)).fetchall()
    assert rows == sorted((t, True, 0) for t in AUTH_TABLES)
    assert db.execute("select enum_range(null::auth.aal_level)::text").fetchone()[0] \
        == "{aal1,aal2,aal3}"
    assert db.execute("select to_regclass('auth.users_instance_id_email_idx')").fetchone()[0]


def test_the_service_role_reaches_auth_tables_and_nothing_of_the_application(db):
    role = db.execute("select rolcanlogin, rolinherit, rolsuper, rolbypassrls from pg_roles "
                      "where rolname = 'supabase_auth_admin'").fetchone()
    assert role == (True, False, False, True)
    granted = {table: {p for p in PRIVILEGES if db.execute(
        "select has_table_privilege('supabase_auth_admin', %s, %s)",
        (f"auth.{table}", p)).fetchone()[0]} for table in AUTH_TABLES}
    assert granted == SERVICE_RIGHTS
    for schema in ("app", "private"):
        assert not db.execute("select has_schema_privilege('supabase_auth_admin', %s, "
                              "'usage')", (schema,)).fetchone()[0], schema
    assert not db.execute("select has_table_privilege('supabase_auth_admin', 'app.profiles', "
                          "'select')").fetchone()[0]


def test_the_bootstrap_applies_again_without_change(db):
    def shape() -> list:
        return db.execute(
            "select c.relname, c.relrowsecurity, c.relacl::text from pg_class c "
            "where c.relnamespace = 'auth'::regnamespace order by 1").fetchall()

    before = shape()
    migrator.apply_bootstrap(db)
    assert shape() == before


API_ROLES = ("anon", "authenticated", "service_role", "authenticator")


def test_no_api_role_reaches_the_auth_admin_or_the_session_tables(db, database_dsn):
    for role in API_ROLES:
        assert not db.execute("select pg_has_role(%s, 'supabase_auth_admin', 'member')",
                              (role,)).fetchone()[0], role
        for table in AUTH_TABLES[1:]:  # identities, sessions, refresh tokens, sign-in methods
            held = [p for p in PRIVILEGES if db.execute(
                "select has_table_privilege(%s, %s, %s)",
                (role, f"auth.{table}", p)).fetchone()[0]]
            assert held == [], (role, table, held)
    # no function an API role may call reads them (an RPC would be a way around the grants)
    exposed = db.execute(
        "select p.oid::regprocedure::text from pg_proc p "
        "where p.prosrc ~* 'auth\\.(sessions|refresh_tokens|identities|mfa_amr_claims)' "
        "and (has_function_privilege('anon', p.oid, 'execute') "
        "  or has_function_privilege('authenticated', p.oid, 'execute'))").fetchall()
    assert exposed == []
    # the gateway's login cannot switch to it either
    dsn = psycopg.conninfo.make_conninfo(database_dsn, user="authenticator", password="postgres")
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("set role supabase_auth_admin")
