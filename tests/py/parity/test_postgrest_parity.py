"""The dev gateway (/rest/v1/rpc) and the deployed functions answer every database error and
every token exactly alike: same status line, body and headers.

Each error is raised by a real database function (fixtures.sql) and reaches each side through
its own code path: the gateway's RPC handler, and on the functions side `db.as_user` plus
main.py's error handler (entry.py). The statuses are also pinned here, row by row, so the
shared table cannot drift from PostgREST's without a test saying so.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jwt
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo
from werkzeug.test import Client

from samia_cli import migrator
from samia_cli.gateway import create_app
from samia_functions.postgrest.errors import EXACT_STATUS, PREFIX_STATUS

HERE = Path(__file__).resolve().parent
FUNCTIONS_DIR = HERE.parents[2] / "functions"
if str(FUNCTIONS_DIR) not in sys.path:  # main.py imports samia_functions from beside it
    sys.path.append(str(FUNCTIONS_DIR))

SECRET = "parity-test-secret-with-more-than-32-characters"
# what each server adds on its own: the length of the (compared) body, and the gateway's CORS
# layer, which wraps /functions/v1 as well; everything else must match
IGNORED_HEADERS = {"content-length"}
IGNORED_PREFIX = "access-control-"


def mint(secret: str = SECRET, algorithm: str = "HS256", **claims) -> str:
    """A token shaped like Supabase Auth's; a claim set to None is left out."""
    now = int(time.time())
    payload = {"sub": "6f1c3c1e-2a1b-4c55-9a52-0b2f8f6a1d10", "aud": "authenticated",
               "role": "authenticated", "iat": now, "exp": now + 3600, **claims}
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, secret, algorithm=algorithm)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def parity_dsn(cluster_dsn: str) -> Iterator[str]:
    """A database with only the Supabase bootstrap and fixtures.sql, as the authenticator."""
    name = f"samia_parity_{os.getpid()}"
    with psycopg.connect(cluster_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(
            sql.Identifier(name)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    admin = make_conninfo(cluster_dsn, dbname=name)
    with migrator.connect(admin) as conn:
        migrator.apply_bootstrap(conn)
        conn.execute((HERE / "fixtures.sql").read_text())
    yield make_conninfo(admin, user="authenticator", password="postgres")
    with psycopg.connect(cluster_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def gateway(parity_dsn: str) -> Iterator[Client]:
    app = create_app(parity_dsn, SECRET, functions_source=None,
                     anon_key=mint(role="anon", sub=None, aud=None),
                     service_key=mint(role="service_role", sub=None, aud=None))
    try:
        yield Client(app)
    finally:
        app.close()


def _reset_functions() -> None:
    from samia_functions import db
    from samia_functions.settings import get_settings

    get_settings.cache_clear()
    db.close_pool()


@pytest.fixture(scope="module")
def function_apps(parity_dsn: str) -> Iterator[dict]:
    """functions-framework test clients: the parity entry point, and main.py's whoami."""
    import functions_framework

    with pytest.MonkeyPatch.context() as env:
        env.setenv("FUNCTIONS_DB_DSN", parity_dsn)
        env.setenv("JWT_SECRET", SECRET)
        _reset_functions()
        apps = {
            "call_rpc": functions_framework.create_app(
                target="call_rpc", source=str(HERE / "entry.py")).test_client(),
            "whoami": functions_framework.create_app(
                target="whoami", source=str(FUNCTIONS_DIR / "main.py")).test_client(),
        }
        try:
            yield apps
        finally:
            _reset_functions()


@dataclass(frozen=True)
class Answer:
    status: str  # the whole status line: PTxyz sets the reason phrase too
    body: bytes
    headers: dict[str, str]

    @property
    def json(self):
        return json.loads(self.body)


def _answer(response) -> Answer:
    headers = {k.lower(): v for k, v in response.headers.items()
               if k.lower() not in IGNORED_HEADERS and not k.lower().startswith(IGNORED_PREFIX)}
    return Answer(response.status, response.get_data(), headers)


def both(gateway: Client, function_apps: dict, function: str, args: dict | None = None,
         headers: dict | None = None) -> tuple[Answer, Answer]:
    # the same plain request id on both sides, so that its echo is compared too
    args, headers = args or {}, {"X-Request-Id": "parity-request", **(headers or {})}
    rest = gateway.post(f"/rest/v1/rpc/{function}", json=args, headers=headers)
    fn = function_apps["call_rpc"].post("/", json={"function": function, "args": args},
                                        headers=headers)
    return _answer(rest), _answer(fn)


def raise_args(code: str, message: str, detail: str | None = None,
               hint: str | None = None) -> dict:
    args = {"p_code": code, "p_message": message, "p_detail": detail, "p_hint": hint}
    return {k: v for k, v in args.items() if v is not None}


# (SQLSTATE, message, expected status): every exact code, every class, and the codes whose
# status depends on the message, as PostgREST maps them.
SQLSTATE_ROWS = [
    ("P0001", "I refuse!", 400),
    ("23503", "fk", 409), ("23505", "unique", 409), ("25006", "read only", 405),
    ("42P01", "no table", 404), ("42P17", "recursion", 500), ("53400", "config limit", 500),
    ("57P01", "admin shutdown", 503),
    ("08000", "connection", 503), ("09000", "trigger", 500), ("0L000", "grantor", 403),
    ("0P000", "role spec", 403), ("25000", "tx state", 500), ("28000", "auth spec", 403),
    ("2D000", "tx termination", 500), ("38000", "external routine", 500),
    ("39000", "external routine call", 500), ("3B000", "savepoint", 500),
    ("40001", "serialization", 500), ("53000", "resources", 503), ("54000", "limit", 500),
    ("55000", "prerequisite", 500), ("57014", "canceled", 500), ("58000", "system", 500),
    ("F0000", "config file", 500), ("HV000", "fdw", 500), ("XX000", "internal", 500),
    ("P0002", "no data found", 500),
    ("42883", "function nope() does not exist", 404),
    ("42883", "function xmlagg(text) does not exist", 406),
    ("22023", 'role "ghost" does not exist', 401), ("22023", "invalid parameter", 400),
    ("21000", "DELETE requires a WHERE clause", 400),
    ("21000", "more than one row returned by a subquery", 500),
    ("PT418", "I'm a teapot", 418), ("PTABC", "not a status", 500),
    ("23502", "not null", 400), ("22P02", "bad text", 400), ("VFLCK", "business code", 400),
    ("P0001", "رفض: غير مسموح", 400),
]


def test_every_row_of_the_shared_table_is_covered() -> None:
    covered = {code for code, _, _ in SQLSTATE_ROWS}
    assert set(EXACT_STATUS) <= covered
    assert all(any(code.startswith(prefix) and code not in EXACT_STATUS for code in covered)
               for prefix, _ in PREFIX_STATUS)


@pytest.mark.parametrize(("code", "message", "status"), SQLSTATE_ROWS)
def test_sqlstate_answers_match(gateway, function_apps, code, message, status) -> None:
    args = raise_args(code, message, "some detail", "some hint")
    rest, fn = both(gateway, function_apps, "parity_raise", args)
    assert rest == fn
    assert int(rest.status.split()[0]) == status
    assert rest.json == {"code": code, "message": message, "details": "some detail",
                         "hint": "some hint"}
    assert rest.headers["proxy-status"] == f"PostgREST; error={code}"
    assert rest.headers["content-type"] == "application/json; charset=utf-8"


def test_ptxyz_message_is_the_reason_phrase(gateway, function_apps) -> None:
    rest, fn = both(gateway, function_apps, "parity_raise", raise_args("PT403", "Members only"))
    assert rest == fn and rest.status == "403 Members only"


def test_nulls_are_kept_in_the_body(gateway, function_apps) -> None:
    rest, fn = both(gateway, function_apps, "parity_raise", raise_args("P0001", "bare"))
    assert rest == fn
    assert rest.json == {"code": "P0001", "message": "bare", "details": None, "hint": None}


@pytest.mark.parametrize(("detail", "retry_after"), [
    ('{"retry_after_seconds": 30}', "30"),
    ('{"retry_after_seconds": "soon"}', None),
    ("not json", None),
])
def test_rate_limit_retry_after_comes_from_the_json_detail(gateway, function_apps, detail,
                                                           retry_after) -> None:
    rest, fn = both(gateway, function_apps, "parity_raise",
                    raise_args("PT429", "Rate limit exceeded", detail))
    assert rest == fn and rest.status.startswith("429 ")
    assert rest.headers.get("retry-after") == retry_after


def test_raise_pgrst_sets_body_status_and_headers(gateway, function_apps) -> None:
    message = json.dumps({"code": "123", "message": "Payment Required",
                          "details": "Quota exceeded", "hint": "Upgrade your plan"})
    detail = json.dumps({"status": 402, "status_text": "Pay up",
                         "headers": {"X-Powered-By": "Nerd Rage"}})
    rest, fn = both(gateway, function_apps, "parity_raise", raise_args("PGRST", message, detail))
    assert rest == fn
    assert rest.status == "402 Pay up" and rest.headers["x-powered-by"] == "Nerd Rage"
    assert rest.json == {"code": "123", "message": "Payment Required",
                         "details": "Quota exceeded", "hint": "Upgrade your plan"}


def test_unparsable_raise_pgrst_is_pgrst121(gateway, function_apps) -> None:
    rest, fn = both(gateway, function_apps, "parity_raise",
                    raise_args("PGRST", "not json", '{"status": 402}'))
    assert rest == fn
    assert (rest.status, rest.json["code"]) == ("500 INTERNAL SERVER ERROR", "PGRST121")


@pytest.mark.parametrize(("role", "status"), [
    (None, 401), ("authenticated", 403), ("service_role", 200),
])
def test_missing_grant_is_401_for_anon_403_for_others(gateway, function_apps, role,
                                                      status) -> None:
    headers = bearer(mint(role=role)) if role else {}
    rest, fn = both(gateway, function_apps, "parity_service_only", headers=headers)
    assert int(rest.status.split()[0]) == int(fn.status.split()[0]) == status
    if status == 200:
        assert rest.json == fn.json == "service"
    else:
        assert rest == fn and rest.json["code"] == "42501"
        assert (rest.headers.get("www-authenticate") == "Bearer") == (status == 401)


def test_a_token_naming_a_missing_role_is_401(gateway, function_apps) -> None:
    rest, fn = both(gateway, function_apps, "parity_whoami",
                    headers=bearer(mint(role="parity_ghost")))
    assert rest == fn
    assert (rest.status, rest.json["code"]) == ("401 UNAUTHORIZED", "22023")


# Tokens both sides refuse, with PostgREST's code and message.
REFUSED_TOKENS = {
    "expired": (lambda: mint(exp=int(time.time()) - 3600), "PGRST303", "JWT expired"),
    "exp as a string": (lambda: mint(exp=str(int(time.time()) + 3600)), "PGRST303",
                        "Parsing claims failed"),
    "not yet valid": (lambda: mint(nbf=int(time.time()) + 3600), "PGRST303",
                      "JWT not yet valid"),
    "issued in the future": (lambda: mint(iat=int(time.time()) + 3600), "PGRST303",
                             "JWT issued at future"),
    "role not a string": (lambda: mint(role=123), "PGRST303", "Parsing claims failed"),
    "bad signature": (lambda: mint(secret="another-secret-that-is-also-32-characters-long"),
                      "PGRST301", "JWT cryptographic operation failed"),
    "wrong algorithm": (lambda: mint(secret="k" * 64, algorithm="HS512"), "PGRST301",
                        "Wrong or unsupported encoding algorithm"),
    "unsigned": (lambda: jwt.encode({"role": "authenticated"}, None, algorithm="none"),
                 "PGRST301", "Wrong or unsupported encoding algorithm"),
    "two parts": (lambda: "abc.def", "PGRST301", "Expected 3 parts in JWT; got 2"),
    "garbage": (lambda: "not.a.jwt", "PGRST301", "Could not decode JWT"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_TOKENS))
def test_refused_tokens_match(gateway, function_apps, case) -> None:
    make, code, message = REFUSED_TOKENS[case]
    headers = {**bearer(make()), "X-Request-Id": "parity-request"}
    rest, fn = both(gateway, function_apps, "parity_whoami", headers=headers)
    assert rest == fn
    assert rest.status == "401 UNAUTHORIZED"
    assert (rest.json["code"], rest.json["message"]) == (code, message)
    assert rest.headers["www-authenticate"] == (
        f'Bearer error="invalid_token", error_description="{message}"')
    # the deployed whoami refuses the same token with the same answer
    assert _answer(function_apps["whoami"].get("/", headers=headers)) == rest


def test_an_empty_bearer_token_is_pgrst301(gateway, function_apps) -> None:
    rest, fn = both(gateway, function_apps, "parity_whoami",
                    headers={"Authorization": "Bearer "})
    assert rest == fn
    assert rest.json["message"] == "Empty JWT is sent in Authorization header"


# Requests both sides serve, and the role the database then sees. Tokens are minted when the
# test runs: one of them is only valid within the 30 s of clock skew.
ACCEPTED = {
    "no header": (lambda: {}, "anon"),
    "another scheme": (lambda: {"Authorization": "Basic dXNlcjpwYXNz"}, "anon"),
    "no role claim": (lambda: bearer(mint(role=None)), "anon"),
    "anon key": (lambda: bearer(mint(role="anon", sub=None, aud=None)), "anon"),
    "user": (lambda: bearer(mint()), "authenticated"),
    "expired within skew": (lambda: bearer(mint(exp=int(time.time()) - 10)), "authenticated"),
    "service key": (lambda: bearer(mint(role="service_role", sub=None)), "service_role"),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_tokens_give_the_same_database_identity(gateway, function_apps, case) -> None:
    make_headers, role = ACCEPTED[case]
    request_id = "req-" + case.replace(" ", "-")  # plain, so both sides keep it
    headers = {**make_headers(), "X-Request-Id": request_id}
    rest, fn = both(gateway, function_apps, "parity_whoami", headers=headers)
    assert rest.status == fn.status == "200 OK"
    assert rest.json == fn.json
    assert rest.json["role"] == rest.json["claims"]["role"] == role
    assert rest.json["request_id"] == request_id
    # the role's own setting; service_role has none and keeps the authenticator's session one
    timeouts = {"anon": "3s", "authenticated": "8s", "service_role": "8s"}
    assert rest.json["statement_timeout"] == timeouts[role]
