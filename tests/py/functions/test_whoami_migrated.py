"""whoami against the project's real schema: users made like Supabase Auth makes them, the real
app.current_role() reading app.profiles, and the run's migrated and seeded database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import MAIN, authenticator_dsn, bearer


@pytest.fixture
def migrated_whoami(monkeypatch: pytest.MonkeyPatch, database_dsn: str,
                    jwt_secret: str) -> Iterator:
    import functions_framework

    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    yield functions_framework.create_app(target="whoami", source=str(MAIN)).test_client()
    get_settings.cache_clear()
    db.close_pool()


@pytest.mark.parametrize("role", ["client", "reader", "superadmin"])
def test_whoami_reports_the_application_role_from_the_database(migrated_whoami, make_user,
                                                               role):
    user = make_user(role)
    r = migrated_whoami.get("/", headers=bearer(user.token))
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == {"user_id": user.id, "db_role": "authenticated", "app_role": role}


def test_the_frontend_client_reaches_whoami_through_the_dev_server(
        monkeypatch: pytest.MonkeyPatch, database_dsn: str, jwt_secret: str, make_user,
        supabase_for):
    """supabase-py's functions client, as a frontend calls /functions/v1/whoami."""
    from supabase_functions.errors import FunctionsHttpError

    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    try:
        user = make_user("monitor")
        answer = supabase_for(user).functions.invoke(
            "whoami", {"method": "GET", "responseType": "json"})
        assert answer == {"user_id": user.id, "db_role": "authenticated", "app_role": "monitor"}
        with pytest.raises(FunctionsHttpError) as denied:
            supabase_for().functions.invoke("whoami", {"method": "GET"})
        assert denied.value.status == 401
    finally:
        get_settings.cache_clear()
        db.close_pool()


def test_the_callers_role_settings_apply_as_under_postgrest(
        monkeypatch: pytest.MonkeyPatch, database_dsn: str, jwt_secret: str) -> None:
    """The bootstrap gives authenticated an 8 s and anon a 3 s statement_timeout (Supabase's)."""
    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    try:
        with db.as_user({"role": "authenticated", "sub": None}) as conn:
            assert conn.execute("show statement_timeout").fetchone()[0] == "8s"
        with db.as_user({"role": "anon"}) as conn:
            assert conn.execute("show statement_timeout").fetchone()[0] == "3s"
        with db.as_service() as conn:  # no settings of its own: the authenticator's 8 s stay
            assert conn.execute("show statement_timeout").fetchone()[0] == "8s"
    finally:
        get_settings.cache_clear()
        db.close_pool()
