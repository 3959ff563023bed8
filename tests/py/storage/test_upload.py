"""Uploads: RLS decides as the caller, bucket limits and keys are checked with Storage's codes,
and the errors carry the semantic status in the body with HTTP 400."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from storage3.exceptions import StorageApiError

from .conftest import OWN_ROWS

METADATA_KEYS = {"eTag", "size", "mimetype", "cacheControl", "lastModified", "contentLength",
                 "httpStatusCode"}


def test_insert_policy_lets_a_raw_upload_in_and_records_the_owner(buckets, make_user, http):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    response = http("POST", f"/object/{bucket}/u1/a.txt", token=user.token, content=b"hello",
                    headers={"content-type": "text/plain", "cache-control": "max-age=60",
                             "x-metadata": base64.b64encode(b'{"k": "v"}').decode()})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Key"] == f"{bucket}/u1/a.txt"
    [row] = buckets.objects(bucket)
    assert str(row["id"]) == body["Id"]
    assert row["owner_id"] == user.id and str(row["owner"]) == user.id
    assert set(row["metadata"]) == METADATA_KEYS
    assert row["metadata"]["size"] == 5 and row["metadata"]["mimetype"] == "text/plain"
    assert row["metadata"]["cacheControl"] == "max-age=60"
    assert row["user_metadata"] == {"k": "v"}


def test_the_same_key_again_without_upsert_is_key_already_exists(buckets, make_user, http):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    assert http("POST", f"/object/{bucket}/a.txt", token=user.token, content=b"1").is_success
    response = http("POST", f"/object/{bucket}/a.txt", token=user.token, content=b"2")
    assert response.status_code == 400
    assert response.json() == {"statusCode": "409", "code": "KeyAlreadyExists",
                               "error": "Duplicate", "message": "The resource already exists"}


def test_upsert_needs_select_and_update_policies_too(buckets, make_user, storage_for):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    files = storage_for(user).from_(bucket)
    files.upload("u/a.txt", b"first")
    with pytest.raises(StorageApiError) as denied:
        files.upload("u/a.txt", b"second", {"upsert": "true"})
    assert denied.value.status == "403"
    assert denied.value.message == "new row violates row-level security policy"
    buckets.allow(bucket, "select", OWN_ROWS)
    buckets.allow(bucket, "update", OWN_ROWS)
    files.upload("u/a.txt", b"second", {"upsert": "true"})
    assert files.download("u/a.txt") == b"second"
    files.update("u/a.txt", b"third")
    assert files.download("u/a.txt") == b"third"


def test_an_unknown_bucket_is_no_such_bucket(make_user, http):
    response = http("POST", "/object/nope-bucket/a.txt", token=make_user().token, content=b"x")
    assert response.status_code == 400
    assert response.json() == {"statusCode": "404", "code": "NoSuchBucket",
                               "error": "Bucket not found", "message": "Bucket not found"}


def test_the_bucket_size_limit_is_entity_too_large(buckets, make_user, http, storage_for):
    user = make_user()
    bucket = buckets(file_size_limit=10)
    buckets.allow(bucket, "insert", OWN_ROWS)
    response = http("POST", f"/object/{bucket}/big.bin", token=user.token, content=b"x" * 11)
    assert response.status_code == 400
    assert response.json()["statusCode"] == "413"
    assert response.json()["error"] == "Payload too large"
    with pytest.raises(StorageApiError) as multipart:
        storage_for(user).from_(bucket).upload("big.txt", b"y" * 11)
    assert multipart.value.status == "413" and multipart.value.code == "Payload too large"
    assert http("POST", f"/object/{bucket}/ok.bin", token=user.token,
                content=b"x" * 10).is_success
    assert [row["name"] for row in buckets.objects(bucket)] == ["ok.bin"]


def test_the_bucket_mime_list_is_invalid_mime_type(buckets, make_user, http, storage_for):
    user = make_user()
    bucket = buckets(allowed_mime_types=["image/*"])
    buckets.allow(bucket, "insert", OWN_ROWS)
    response = http("POST", f"/object/{bucket}/a.pdf", token=user.token, content=b"%PDF",
                    headers={"content-type": "application/pdf"})
    assert response.status_code == 400
    assert response.json() == {"statusCode": "415", "code": "InvalidMimeType",
                               "error": "invalid_mime_type",
                               "message": "mime type application/pdf is not supported"}
    files = storage_for(user).from_(bucket)
    assert files.upload("a.png", b"\x89PNG", {"content-type": "image/png"}).path == "a.png"
    with pytest.raises(StorageApiError) as default_type:
        files.upload("b.txt", b"text")  # storage3's default text/plain;charset=UTF-8
    assert default_type.value.status == "415"


def test_non_ascii_keys_are_invalid_keys(buckets, make_user, http, storage_for):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    response = http("POST", f"/object/{bucket}/كتاب.pdf", token=user.token, content=b"x")
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidKey"
    assert response.json()["message"] == "Invalid key: كتاب.pdf"
    with pytest.raises(StorageApiError) as client_error:
        storage_for(user).from_(bucket).upload("كتب/a.txt", b"x")
    assert client_error.value.status == "400" and client_error.value.code == "InvalidKey"
    assert buckets.objects(bucket) == []


def test_cache_control_follows_what_each_client_sends(buckets, make_user, http, storage_for):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    storage_for(user).from_(bucket).upload("py.txt", b"x")  # storage3 sends cacheControl=3600
    multipart_without = http("POST", f"/object/{bucket}/bare.txt", token=user.token,
                             files={"": ("blob", b"x", "text/plain")})
    assert multipart_without.is_success, multipart_without.text
    raw = http("POST", f"/object/{bucket}/raw.txt", token=user.token, content=b"x",
               headers={"content-type": "text/plain"})
    assert raw.is_success
    stored = {row["name"]: row["metadata"]["cacheControl"] for row in buckets.objects(bucket)}
    assert stored == {"py.txt": "max-age=3600", "bare.txt": "no-cache", "raw.txt": "no-cache"}


def test_multipart_fields_set_type_and_user_metadata(buckets, make_user, http):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    response = http("POST", f"/object/{bucket}/f.bin", token=user.token,
                    files={"file": ("f.bin", b"abc", "application/octet-stream")},
                    data={"contentType": "image/webp", "cacheControl": "120",
                          "metadata": json.dumps({"lang": "ar"})})
    assert response.is_success, response.text
    [row] = buckets.objects(bucket)
    assert row["metadata"]["mimetype"] == "image/webp"
    assert row["metadata"]["cacheControl"] == "max-age=120"
    assert row["user_metadata"] == {"lang": "ar"}


def test_a_bad_token_is_access_denied_and_anon_needs_a_policy(buckets, http):
    bucket = buckets()
    bad = http("POST", f"/object/{bucket}/a.txt", token="not-a-jwt", content=b"x")
    assert bad.status_code == 400 and bad.json()["statusCode"] == "403"
    assert bad.json()["code"] == "AccessDenied"
    anon = http("POST", f"/object/{bucket}/a.txt", content=b"x")
    assert anon.status_code == 400 and anon.json()["statusCode"] == "403"
    assert anon.json()["message"] == "new row violates row-level security policy"


@pytest.mark.parametrize("role", ["no_such_role", "postgres"])
def test_a_signed_token_naming_a_role_storage_cannot_take_is_access_denied(buckets, http,
                                                                           jwt_secret, role):
    token = jwt.encode({"role": role, "exp": int(time.time()) + 60}, jwt_secret,
                       algorithm="HS256")
    response = http("GET", f"/object/{buckets()}/a.txt", token=token)
    assert response.status_code == 400
    assert response.json()["statusCode"] == "403" and response.json()["code"] == "AccessDenied"


def test_bad_bodies_get_storage_errors_never_a_500(buckets, make_user, http):
    user = make_user()
    bucket = buckets()
    checks = [
        http("POST", f"/object/list/{bucket}", token=user.token, json={}),
        http("POST", f"/object/list/{bucket}", token=user.token, content=b"{nope",
             headers={"content-type": "application/json"}),
        http("DELETE", f"/object/{bucket}", token=user.token, json={"prefixes": []}),
        http("POST", "/object/move", token=user.token, json={"bucketId": bucket}),
        http("POST", f"/object/sign/{bucket}/a.txt", token=user.token, json={"expiresIn": 0}),
        http("POST", f"/object/sign/{bucket}", token=user.token, json={"expiresIn": 60}),
        http("POST", f"/object/{bucket}/a.txt", token=user.token, content=b"x",
             headers={"x-metadata": "%%%"}),
        http("GET", f"/object/{bucket}%00/a.txt", token=user.token),
        http("POST", f"/object/{bucket}/a.txt", token=user.token, content=b"--x\r\nbroken",
             headers={"content-type": "multipart/form-data; boundary=x"}),
    ]
    for response in checks:
        assert response.status_code == 400, response.text
        assert set(response.json()) == {"statusCode", "code", "error", "message"}
