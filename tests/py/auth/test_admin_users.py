"""/admin/users with the service_role key: through supabase-py's auth.admin and on the wire."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner
from supabase_auth.errors import AuthApiError

from samia_cli.cli import main

from .conftest import PASSWORD


@pytest.fixture
def admin_http(http, service_key):
    http.headers["Authorization"] = f"Bearer {service_key}"
    return http


@pytest.fixture
def admin(client_for, service_key):
    return client_for(service_key).auth.admin


def sign_in(http, email: str, password: str = PASSWORD):
    return http.post("/token", params={"grant_type": "password"},
                     json={"email": email, "password": password})


def test_only_the_service_role_may_create_users(http, fresh_email, signed_up, bearer):
    body = {"email": fresh_email(), "password": PASSWORD, "email_confirm": True}
    anon = http.post("/admin/users", json=body)
    assert anon.status_code == 403 and anon.json() == {"code": "not_admin",
                                                       "message": "User not allowed"}
    user = http.post("/admin/users", json=body,
                     headers=bearer(signed_up()["access_token"]))
    assert user.status_code == 403 and user.json()["code"] == "not_admin"


def test_created_users_sign_in_only_when_confirmed(admin, http, fresh_email):
    confirmed, unconfirmed = fresh_email("confirmed"), fresh_email("unconfirmed")
    made = admin.create_user({"email": confirmed, "password": PASSWORD, "email_confirm": True,
                              "user_metadata": {"locale": "en"}}).user
    assert made.email == confirmed and made.user_metadata == {"locale": "en",
                                                              "email_verified": True}
    assert sign_in(http, confirmed).status_code == 200
    admin.create_user({"email": unconfirmed, "password": "x"})  # no strength rule for admins
    refused = sign_in(http, unconfirmed, "x")
    assert refused.status_code == 400 and refused.json()["code"] == "email_not_confirmed"


def test_staff_are_made_with_a_role_in_app_metadata(admin, client_for, fresh_email):
    email = fresh_email("reader")
    admin.create_user({"email": email, "password": PASSWORD, "email_confirm": True,
                       "app_metadata": {"role": "reader"}})
    client = client_for()
    user = client.auth.sign_in_with_password({"email": email, "password": PASSWORD}).user
    assert user.app_metadata == {"provider": "email", "providers": ["email"], "role": "reader"}
    profile = client.rpc("get_my_profile").execute().data
    assert (profile[0] if isinstance(profile, list) else profile)["role"] == "reader"


def test_duplicate_addresses_are_email_exists(admin_http, signed_up):
    taken = signed_up()["user"]["email"]
    r = admin_http.post("/admin/users", json={"email": taken.upper(), "email_confirm": True})
    assert r.status_code == 422 and r.json()["code"] == "email_exists"
    same_id = admin_http.post("/admin/users", json={"id": signed_up()["user"]["id"],
                                                    "email": "other-" + taken})
    assert same_id.status_code == 422 and same_id.json()["code"] == "user_already_exists"
    none = admin_http.post("/admin/users", json={"user_metadata": {}})
    assert none.status_code == 400 and none.json()["code"] == "validation_failed"


def test_list_users_pages_with_total_and_links(admin, admin_http, signed_up, db):
    signed_up(), signed_up()
    listed = admin_http.get("/admin/users", params={"page": "", "per_page": ""})
    assert listed.status_code == 200
    body = listed.json()
    assert body["aud"] == "authenticated" and isinstance(body["users"], list)
    total = db.execute("select count(*) from auth.users").fetchone()[0]
    assert int(listed.headers["X-Total-Count"]) == total
    assert 'rel="last"' in listed.headers["Link"]
    first = admin_http.get("/admin/users", params={"page": 1, "per_page": 1})
    assert len(first.json()["users"]) == 1 and 'rel="next"' in first.headers["Link"]
    created = [u["created_at"] for u in body["users"]]
    assert created == sorted(created, reverse=True)
    assert len(admin.list_users(page=1, per_page=2)) == 2
    bad = admin_http.get("/admin/users", params={"page": "x"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_failed"


def test_get_update_and_ban_a_user(admin, admin_http, http, signed_up):
    me = signed_up(locale="ar")
    user_id = me["user"]["id"]
    assert admin.get_user_by_id(user_id).user.email == me["user"]["email"]
    updated = admin.update_user_by_id(user_id, {"user_metadata": {"locale": None, "vip": True},
                                                "password": "new-secret"}).user
    assert updated.user_metadata.get("vip") is True and "locale" not in updated.user_metadata
    # a new password ends every session
    gone = http.post("/token", params={"grant_type": "refresh_token"},
                     json={"refresh_token": me["refresh_token"]})
    assert gone.json()["code"] == "refresh_token_not_found"
    admin.update_user_by_id(user_id, {"ban_duration": "24h"})
    banned = sign_in(http, me["user"]["email"], "new-secret")
    assert banned.status_code == 400 and banned.json()["code"] == "user_banned"
    admin.update_user_by_id(user_id, {"ban_duration": "none"})
    assert sign_in(http, me["user"]["email"], "new-secret").status_code == 200
    weak = admin_http.put(f"/admin/users/{user_id}", json={"password": "123"})
    assert weak.status_code == 422 and weak.json()["code"] == "weak_password"


def test_unknown_and_malformed_ids(admin, admin_http):
    with pytest.raises(AuthApiError) as err:
        admin.get_user_by_id(str(uuid.uuid4()))
    assert err.value.status == 404 and err.value.code == "user_not_found"
    bad = admin_http.get("/admin/users/not-a-uuid")
    assert bad.status_code == 404 and bad.json()["code"] == "validation_failed"


def test_delete_removes_the_user_and_everything_of_theirs(admin, admin_http, signed_up, db):
    me = signed_up()
    user_id = me["user"]["id"]
    r = admin_http.request("DELETE", f"/admin/users/{user_id}",
                           json={"should_soft_delete": False})
    assert r.status_code == 200 and r.json() == {}
    for table, column in (("auth.users", "id"), ("auth.identities", "user_id"),
                          ("auth.sessions", "user_id"), ("auth.refresh_tokens", "user_id"),
                          ("app.profiles", "id")):
        count = db.execute(f"select count(*) from {table} where {column}::text = %s",
                           (user_id,)).fetchone()[0]
        assert count == 0, table
    with pytest.raises(AuthApiError) as err:
        admin.delete_user(user_id)
    assert err.value.code == "user_not_found"


def test_samia_users_create_takes_the_admin_path(database_dsn, client_for, fresh_email):
    email = fresh_email("cli")
    result = CliRunner().invoke(main, ["users", "create", "--email", email, "--role", "monitor",
                                       "--password", PASSWORD, "--dsn", database_dsn])
    assert result.exit_code == 0, result.output
    client = client_for()
    user = client.auth.sign_in_with_password({"email": email, "password": PASSWORD}).user
    assert user.app_metadata["role"] == "monitor" and user.identities[0].provider == "email"
    # the printed token names a real session, so the Auth service accepts it too
    printed = result.stdout.strip().splitlines()[-1]
    assert client_for().auth.get_user(printed).user.id == user.id


def test_an_address_held_outside_the_lookups_is_taken_not_a_500(admin_http, signed_up, db):
    """A row of another audience holds the phone and the address (the lookups skip it, the
    unique indexes do not): an update to them is 422, and nothing changes."""
    other = str(uuid.uuid4())
    phone, email = f"9715{uuid.uuid4().int % 10**8:08d}", f"aud-{other[:8]}@auth.test"
    db.execute("insert into auth.users (instance_id, id, aud, role, email, phone, created_at,"
               " updated_at) values (%s, %s, 'other', 'authenticated', %s, %s, now(), now())",
               ("00000000-0000-0000-0000-000000000000", other, email, phone))
    db.commit()
    try:
        me = signed_up()["user"]
        for change, code in (({"phone": phone}, "phone_exists"),
                             ({"email": email}, "email_exists")):
            r = admin_http.put(f"/admin/users/{me['id']}", json=change)
            assert r.status_code == 422 and r.json()["code"] == code, r.text
        after = admin_http.get(f"/admin/users/{me['id']}").json()
        assert (after["email"], after["phone"]) == (me["email"], me["phone"])
    finally:
        db.execute("delete from auth.users where id = %s", (other,))
        db.commit()


def test_admin_needs_the_service_role_from_the_secret(auth_url, signed_up, jwt_secret,
                                                      service_key):
    """Forged service-role tokens are bad_jwt; the publishable key and user tokens are
    not_admin even beside the secret key; the secret key (sb_secret_ or the JWT) is admin."""
    import httpx
    import jwt

    from samia_cli.gateway.auth import LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY

    claims = {**jwt.decode(signed_up()["access_token"], jwt_secret, algorithms=["HS256"],
                           audience="authenticated"), "role": "service_role"}
    other = "another-secret-of-at-least-32-characters!"
    cases = [
        ({"Authorization": "Bearer " + jwt.encode(claims, None, algorithm="none")}, 403,
         "bad_jwt"),
        ({"Authorization": "Bearer " + jwt.encode(claims, other, algorithm="HS256")}, 403,
         "bad_jwt"),
        ({"Authorization": "Bearer " + jwt.encode(claims, jwt_secret * 2, algorithm="HS512")},
         403, "bad_jwt"),
        ({"apikey": LOCAL_PUBLISHABLE_KEY}, 403, "not_admin"),
        ({"Authorization": "Bearer " + signed_up()["access_token"],
          "apikey": LOCAL_SECRET_KEY}, 403, "not_admin"),
        ({"apikey": LOCAL_SECRET_KEY}, 200, None),
        ({"Authorization": f"Bearer {service_key}"}, 200, None),
    ]
    for headers, status, code in cases:
        r = httpx.get(f"{auth_url}/admin/users", params={"per_page": 1},
                      headers={"X-Supabase-Api-Version": "2024-01-01", **headers})
        assert r.status_code == status, (headers, r.text)
        if code:
            assert r.json()["code"] == code
