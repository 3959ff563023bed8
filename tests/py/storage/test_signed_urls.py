"""Signed download and upload URLs: HS256 tokens with the JWT secret, scoped to one object and
one use, checked without any Authorization."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from .conftest import OWN_ROWS


@pytest.fixture
def readable(buckets, make_user, storage_for):
    """A private bucket whose owner may insert and select their objects, with `p.txt`."""
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    buckets.allow(bucket, "select", OWN_ROWS)
    storage_for(user).from_(bucket).upload("p.txt", b"signed bytes")
    return user, bucket


def token_of(url: str) -> str:
    return httpx.URL(url).params["token"]


def test_a_signed_url_carries_exactly_storage_claims_and_needs_no_auth(readable, http,
                                                                       jwt_secret):
    user, bucket = readable
    response = http("POST", f"/object/sign/{bucket}/p.txt", token=user.token,
                    json={"expiresIn": 60})
    assert response.status_code == 200
    signed = response.json()["signedURL"]
    assert signed.startswith(f"/object/sign/{bucket}/p.txt?token=")
    token = token_of("http://x" + signed)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, jwt_secret, algorithms=["HS256"])
    assert set(claims) == {"url", "scope", "iat", "exp"}
    assert claims["url"] == f"{bucket}/p.txt" and claims["scope"] == "download"
    assert claims["exp"] == claims["iat"] + 60
    served = http("GET", signed, auth=False)
    assert served.status_code == 200 and served.content == b"signed bytes"
    assert "expires" in served.headers and "cache-control" not in served.headers


def test_the_python_client_signs_with_a_string_expiry(readable, storage_for):
    user, bucket = readable
    url = storage_for(user).from_(bucket).create_signed_url("p.txt", 60)["signedURL"]
    assert httpx.get(url).content == b"signed bytes"
    download = storage_for(user).from_(bucket).create_signed_url("p.txt", 60,
                                                                 {"download": "x.txt"})
    named = httpx.get(download["signedURL"])
    assert named.headers["content-disposition"].startswith("attachment; filename=x.txt")


def test_a_token_for_another_object_or_past_its_expiry_is_refused(readable, http, storage_for,
                                                                  jwt_secret):
    user, bucket = readable
    storage_for(user).from_(bucket).upload("q.txt", b"other")
    token = token_of(storage_for(user).from_(bucket).create_signed_url("p.txt", 60)["signedURL"])
    elsewhere = http("GET", f"/object/sign/{bucket}/q.txt?token={token}", auth=False)
    assert elsewhere.status_code == 400
    assert elsewhere.json()["code"] == "InvalidSignature"
    now = int(time.time())
    expired = jwt.encode({"url": f"{bucket}/p.txt", "scope": "download", "iat": now - 120,
                          "exp": now - 60}, jwt_secret, algorithm="HS256")
    late = http("GET", f"/object/sign/{bucket}/p.txt?token={expired}", auth=False)
    assert late.status_code == 400 and late.json()["code"] == "InvalidJWT"
    forged = jwt.encode({"url": f"{bucket}/p.txt", "scope": "download", "iat": now,
                         "exp": now + 60}, "another-secret-of-at-least-32-characters!!",
                        algorithm="HS256")
    bad = http("GET", f"/object/sign/{bucket}/p.txt?token={forged}", auth=False)
    assert bad.status_code == 400 and bad.json()["code"] == "InvalidJWT"


def test_signing_many_marks_what_is_missing_or_hidden(readable, storage_for, make_user):
    user, bucket = readable
    items = storage_for(user).from_(bucket).create_signed_urls(["p.txt", "missing.txt"], 60)
    assert [item["path"] for item in items] == ["p.txt", "missing.txt"]
    assert items[0]["error"] is None and httpx.get(items[0]["signedURL"]).is_success
    assert items[1]["signedURL"] is None
    assert items[1]["error"] == ("Either the object does not exist or you do not have access "
                                 "to it")
    stranger = storage_for(make_user()).from_(bucket).create_signed_urls(["p.txt"], 60)
    assert stranger[0]["signedURL"] is None


def test_signing_a_hidden_object_is_no_such_key(readable, http, make_user):
    _, bucket = readable
    response = http("POST", f"/object/sign/{bucket}/p.txt", token=make_user().token,
                    json={"expiresIn": "60"})
    assert response.status_code == 400 and response.json()["code"] == "NoSuchKey"


def test_a_signed_upload_url_uploads_as_its_signer(buckets, make_user, storage_for, http,
                                                   jwt_secret):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    files = storage_for(user).from_(bucket)
    signed = files.create_signed_upload_url("u1/b.png")
    claims = jwt.decode(signed["token"], jwt_secret, algorithms=["HS256"])
    assert claims["scope"] == "upload" and claims["owner"] == user.id
    assert claims["upsert"] is False and claims["url"] == f"{bucket}/u1/b.png"
    # the upload itself needs no Authorization: storage3's anon client does it
    result = storage_for().from_(bucket).upload_to_signed_url(
        "u1/b.png", signed["token"], b"\x89PNG", {"content-type": "image/png"})
    assert result.full_path == f"{bucket}/u1/b.png"
    [row] = buckets.objects(bucket)
    assert row["owner_id"] == user.id and row["metadata"]["mimetype"] == "image/png"
    again = http("PUT", f"/object/upload/sign/{bucket}/u1/b.png?token={signed['token']}",
                 auth=False, content=b"again")
    assert again.status_code == 400 and again.json()["code"] == "KeyAlreadyExists"


def test_signed_upload_tokens_are_checked(buckets, make_user, http, storage_for, jwt_secret):
    user = make_user()
    bucket = buckets()
    denied = http("POST", f"/object/upload/sign/{bucket}/x.txt", token=user.token)
    assert denied.status_code == 400
    assert denied.json()["message"] == "new row violates row-level security policy"
    buckets.allow(bucket, "insert", OWN_ROWS)
    buckets.allow(bucket, "select", OWN_ROWS)
    storage_for(user).from_(bucket).upload("d.txt", b"x")
    download_url = storage_for(user).from_(bucket).create_signed_url("d.txt", 60)["signedURL"]
    token = token_of(download_url)
    wrong_scope = http("PUT", f"/object/upload/sign/{bucket}/d.txt?token={token}", auth=False,
                       content=b"y")
    assert wrong_scope.status_code == 400
    assert wrong_scope.json()["message"] == "Token is not scoped for upload"
    upload_token = storage_for(user).from_(bucket).create_signed_upload_url("e.txt")["token"]
    elsewhere = http("PUT", f"/object/upload/sign/{bucket}/f.txt?token={upload_token}",
                     auth=False, content=b"y")
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "InvalidSignature"
    as_download = http("GET", f"/object/sign/{bucket}/e.txt?token={upload_token}", auth=False)
    assert as_download.status_code == 400
    assert as_download.json()["message"] == "Token is not scoped for download"


def test_a_session_token_is_no_signed_url_token(readable, http):
    """Signed with the same secret, but it names no object: InvalidSignature, as on Supabase
    (Storage checks no audience, so `aud: authenticated` is not what refuses it)."""
    user, bucket = readable
    response = http("GET", f"/object/sign/{bucket}/p.txt?token={user.token}", auth=False)
    assert response.status_code == 400 and response.json()["code"] == "InvalidSignature"
