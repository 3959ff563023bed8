"""whoami: a verified token becomes the same database identity PostgREST would use."""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest

from .conftest import SECRET, bearer, mint


@pytest.fixture
def whoami(client_for):
    return client_for("whoami")


def test_the_database_sees_the_callers_uid_and_role(whoami, fn_admin_dsn):
    user_id = str(uuid.uuid4())
    with psycopg.connect(fn_admin_dsn, autocommit=True) as conn:
        conn.execute("insert into app.test_roles (user_id, role) values (%s, 'reader')",
                     (user_id,))
    r = whoami.get("/", headers=bearer(mint(sub=user_id)))
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == {"user_id": user_id, "db_role": "authenticated", "app_role": "reader"}


def test_a_user_without_an_application_role_gets_null(whoami):
    user_id = str(uuid.uuid4())
    r = whoami.get("/", headers=bearer(mint(sub=user_id)))
    assert r.get_json() == {"user_id": user_id, "db_role": "authenticated", "app_role": None}


def test_the_service_role_key_is_service_role_in_the_database(whoami):
    r = whoami.get("/", headers=bearer(mint(sub=None, aud=None, role="service_role")))
    assert r.status_code == 200
    assert r.get_json() == {"user_id": None, "db_role": "service_role", "app_role": None}


def test_missing_token_is_401(whoami):
    r = whoami.get("/")
    assert r.status_code == 401
    assert r.get_json()["code"] == "AUTRQ"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   "])
def test_a_header_without_a_bearer_token_is_401(whoami, header):
    r = whoami.get("/", headers={"Authorization": header})
    assert (r.status_code, r.get_json()["code"]) == (401, "AUTRQ")


def test_the_anon_key_is_not_a_user(whoami):
    r = whoami.get("/", headers=bearer(mint(sub=None, aud=None, role="anon")))
    assert (r.status_code, r.get_json()["code"]) == (401, "AUTRQ")


def test_forged_token_is_401(whoami):
    forged = mint(secret="another-secret-that-is-also-more-than-32-characters")
    r = whoami.get("/", headers=bearer(forged))
    assert r.status_code == 401
    assert r.get_json()["code"] == "PGRST301"


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c"])
def test_malformed_token_is_401(whoami, token):
    r = whoami.get("/", headers=bearer(token))
    assert (r.status_code, r.get_json()["code"]) == (401, "PGRST301")


def test_unsigned_token_is_401(whoami):
    import jwt

    unsigned = jwt.encode({"sub": str(uuid.uuid4()), "role": "authenticated"}, None,
                          algorithm="none")
    r = whoami.get("/", headers=bearer(unsigned))
    assert (r.status_code, r.get_json()["code"]) == (401, "PGRST301")


def test_expired_token_is_401(whoami):
    expired = mint(exp=int(time.time()) - 120)
    r = whoami.get("/", headers=bearer(expired))
    assert r.status_code == 401
    assert r.get_json() == {"code": "PGRST303", "message": "JWT expired", "details": None,
                            "hint": None}


def test_a_token_expired_within_the_clock_skew_is_accepted(whoami):
    r = whoami.get("/", headers=bearer(mint(exp=int(time.time()) - 10)))
    assert r.status_code == 200


def test_a_token_naming_an_unknown_database_role_is_401(whoami):
    r = whoami.get("/", headers=bearer(mint(role="nobody_at_all")))
    assert r.status_code == 401
    assert r.get_json()["code"] == "22023"


def test_a_token_naming_a_role_the_authenticator_cannot_assume_is_refused(whoami):
    r = whoami.get("/", headers=bearer(mint(role="postgres")))
    assert r.status_code == 403
    assert r.get_json()["code"] == "42501"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405(whoami, method):
    r = whoami.open("/", method=method, headers=bearer(mint()))
    assert r.status_code == 405
    assert r.get_json()["code"] == "MTHNA"
    assert r.headers["Allow"] == "GET"


@pytest.mark.parametrize("missing", [["FUNCTIONS_DB_DSN"], ["JWT_SECRET"],
                                     ["FUNCTIONS_DB_DSN", "JWT_SECRET"]])
def test_missing_settings_are_503_naming_them(client_for, fn_env, missing):
    for name in missing:
        fn_env.delenv(name)
    r = client_for("whoami").get("/", headers=bearer(mint()))
    assert r.status_code == 503
    body = r.get_json()
    assert body["code"] == "CFGMS"
    assert body["details"] == {"missing": missing}
    assert all(name in body["message"] for name in missing)


def test_a_short_jwt_secret_is_503(client_for, fn_env):
    fn_env.setenv("JWT_SECRET", "too-short")
    r = client_for("whoami").get("/", headers=bearer(mint()))
    assert r.status_code == 503
    assert r.get_json()["details"] == {"invalid": ["JWT_SECRET"]}


def test_settings_are_read_on_first_use_not_at_import(client_for, fn_env):
    fn_env.delenv("JWT_SECRET")
    app = client_for("whoami")  # loading main.py must not need the settings
    fn_env.setenv("JWT_SECRET", SECRET)
    assert app.get("/", headers=bearer(mint())).status_code == 200


def test_an_unreachable_database_is_503(client_for, fn_env):
    fn_env.setenv("FUNCTIONS_DB_DSN", "postgresql://authenticator:postgres@127.0.0.1:1/none"
                  "?connect_timeout=1")
    from samia_functions import db

    fn_env.setattr(db, "POOL_TIMEOUT_SECONDS", 1.0)
    r = client_for("whoami").get("/", headers=bearer(mint()))
    assert r.status_code == 503
    assert r.get_json()["code"] == "PGRST000"
