"""Wire details of /auth/v1: routes it refuses, body limits, settings, CORS, the sign-in
limiter and the phone provider (both settings of the service, tried on a standalone app)."""

from __future__ import annotations

import secrets

import jwt
import pytest

from samia_cli.gotrue import SignInLimiter
from samia_cli.gotrue.errors import AuthError

from .conftest import API_VERSION, PASSWORD


@pytest.mark.parametrize("method, path", [
    ("POST", "/otp"), ("POST", "/verify"), ("GET", "/verify"), ("POST", "/recover"),
    ("POST", "/magiclink"), ("POST", "/resend"), ("GET", "/authorize"), ("POST", "/factors"),
    ("POST", "/admin/generate_link"), ("GET", "/reauthenticate"), ("POST", "/invite"),
    ("POST", "/sso"), ("GET", "/user/identities/authorize"),
    ("GET", "/admin/users/00000000-0000-0000-0000-000000000001/factors"),
    ("GET", "/nothing-here"),
])
def test_unserved_routes_are_404_in_gotrue_shape(http, method, path):
    r = http.request(method, path, json={})
    assert r.status_code == 404
    assert r.json() == {"code": "not_found", "message": "Not Found"}
    assert r.headers["x-sb-error-code"] == "not_found"


def test_a_served_path_with_another_method_is_405(http):
    r = http.delete("/signup")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("grant_type", ["pkce", "id_token", "web3", ""])
def test_unknown_grant_type_is_invalid_credentials(http, grant_type):
    r = http.post("/token", params={"grant_type": grant_type}, json={})
    assert r.status_code == 400
    assert r.json() == {"code": "invalid_credentials", "message": "unsupported_grant_type"}


def test_a_body_over_one_mebibyte_is_413(http, fresh_email):
    r = http.post("/signup", json={"email": fresh_email(), "password": PASSWORD,
                                   "data": {"blob": "x" * (1024 * 1024)}})
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"


def test_json_that_is_not_an_object_is_bad_json(http):
    for raw in (b"[]", b"null", b"", b"\xff"):
        r = http.post("/token", params={"grant_type": "password"}, content=raw,
                      headers={"Content-Type": "application/json", **API_VERSION})
        assert r.status_code == 400 and r.json()["code"] == "bad_json", raw


def test_values_postgresql_cannot_store_are_validation_failed(http, fresh_email):
    for body in ({"email": "nul\u0000" + fresh_email(), "password": PASSWORD},
                 {"email": fresh_email(), "password": PASSWORD, "data": {"k": "\u0000"}}):
        r = http.post("/signup", json=body)
        assert r.status_code == 400 and r.json()["code"] == "validation_failed", r.text


def test_settings_and_health(http):
    settings = http.get("/settings").json()
    assert settings["external"]["email"] is True and settings["external"]["phone"] is False
    assert settings["external"]["anonymous_users"] is False
    assert settings["mailer_autoconfirm"] is True and settings["disable_signup"] is False
    health = http.get("/health").json()
    assert set(health) == {"version", "name", "description"}


def test_cors_exposes_the_auth_headers(http):
    r = http.get("/settings", headers={"Origin": "http://localhost:3000"})
    exposed = {h.strip().lower() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-supabase-api-version", "x-total-count", "link"} <= exposed
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    pre = http.options("/token", headers={"Origin": "http://localhost:3000",
                                          "Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Headers":
                                              "x-supabase-api-version"})
    assert pre.status_code == 200
    assert "x-supabase-api-version" in pre.headers["Access-Control-Allow-Headers"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def password_grant(app, email: str, password: str, ip: str = "10.0.0.1"):
    return app.post("/auth/v1/token?grant_type=password",
                    json={"email": email, "password": password}, headers=API_VERSION,
                    environ_base={"REMOTE_ADDR": ip})


def test_failed_sign_ins_are_limited_per_address_and_per_ip(standalone_auth, signed_up):
    clock = Clock()
    app = standalone_auth(limiter=SignInLimiter(per_email=3, per_ip=5, window_seconds=60,
                                                clock=clock))
    email = signed_up()["user"]["email"]
    for _ in range(3):
        assert password_grant(app, email, "wrong-one").json["code"] == "invalid_credentials"
    limited = password_grant(app, email, PASSWORD)  # even the right password now
    assert limited.status_code == 429 and limited.json == {
        "code": "over_request_rate_limit", "message": "Request rate limit reached"}
    assert password_grant(app, email, PASSWORD, ip="10.0.0.2").status_code == 429
    clock.now += 61
    assert password_grant(app, email, PASSWORD).status_code == 200
    # one client's budget: five failures on other addresses use it up
    for name in ("a", "b", "c", "d", "e"):
        password_grant(app, f"{name}-{email}", "wrong-one")
    assert password_grant(app, email, PASSWORD).status_code == 429
    assert password_grant(app, email, PASSWORD, ip="10.0.0.3").status_code == 200


def test_phone_signup_when_the_provider_is_on(standalone_auth, jwt_secret):
    app = standalone_auth(phone_enabled=True)
    local = f"{secrets.randbelow(9 * 10**6) + 10**6}"
    r = app.post("/auth/v1/signup", json={"phone": f"+966 5{local[:1]} {local[1:]}",
                                          "password": PASSWORD}, headers=API_VERSION)
    assert r.status_code == 200, r.json
    phone = f"9665{local}"
    assert r.json["user"]["phone"] == phone and r.json["user"]["email"] == ""
    claims = jwt.decode(r.json["access_token"], jwt_secret, algorithms=["HS256"],
                        audience="authenticated")
    assert claims["phone"] == phone and claims["iss"] == "http://auth.test/auth/v1"
    again = app.post("/auth/v1/token?grant_type=password",
                     json={"phone": f"+{phone}", "password": PASSWORD}, headers=API_VERSION)
    assert again.status_code == 200
    bad = app.post("/auth/v1/signup", json={"phone": "call me", "password": PASSWORD},
                   headers=API_VERSION)
    assert bad.status_code == 400 and bad.json["code"] == "validation_failed"


def test_phone_sign_in_when_the_provider_is_off(http):
    r = http.post("/token", params={"grant_type": "password"},
                  json={"phone": "+966551234567", "password": PASSWORD})
    assert r.status_code == 422 and r.json()["code"] == "phone_provider_disabled"


def test_anonymous_sign_in_is_disabled_as_in_the_cli_defaults(client_for):
    from supabase_auth.errors import AuthApiError

    with pytest.raises(AuthApiError) as err:
        client_for().auth.sign_in_anonymously()
    assert err.value.status == 422 and err.value.code == "anonymous_provider_disabled"


def test_forwarded_headers_do_not_buy_a_new_client_budget(standalone_auth, signed_up):
    """The client address is the socket's: X-Forwarded-For and friends are the caller's to
    write, so each new value must not count as a new client."""
    app = standalone_auth(limiter=SignInLimiter(per_email=100, per_ip=3, window_seconds=60,
                                                clock=Clock()))
    email = signed_up()["user"]["email"]
    for n in range(3):
        spoof = {"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}",
                 "Forwarded": f"for=192.0.2.{n}", "Sb-Forwarded-For": f"192.0.2.{n}"}
        r = app.post("/auth/v1/token?grant_type=password",
                     json={"email": f"{n}-{email}", "password": "wrong-one"},
                     headers={**API_VERSION, **spoof}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert r.json["code"] == "invalid_credentials"
    r = app.post("/auth/v1/token?grant_type=password",
                 json={"email": email, "password": PASSWORD},
                 headers={**API_VERSION, "X-Forwarded-For": "203.0.113.99"},
                 environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 429


def test_the_limiter_forgets_logins_whose_failures_left_the_window():
    """One failure each for many addresses (a spray) must not grow the limiter for good."""
    clock = Clock()
    limiter = SignInLimiter(per_email=3, per_ip=10_000, window_seconds=60, clock=clock)
    for n in range(5000):
        limiter.failed(f"spray-{n}@x.io", "10.0.0.1")
    clock.now += 61
    for n in range(5000):
        limiter.failed(f"later-{n}@x.io", "10.0.0.2")
    assert limiter.tracked() == 5001  # the later logins and their address; the spray is gone
    for _ in range(3):
        limiter.failed("later-0@x.io", "10.0.0.2")
    with pytest.raises(AuthError) as err:  # the live budget is kept
        limiter.check("later-0@x.io", "10.0.0.3")
    assert err.value.code == "over_request_rate_limit"
