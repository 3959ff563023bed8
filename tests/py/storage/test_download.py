"""Downloads, info and HEAD: private buckets through the caller's SELECT policy, public buckets
to anyone, and the headers Storage sends."""

from __future__ import annotations

import pytest
from storage3.exceptions import StorageApiError

from .conftest import OWN_ROWS


@pytest.fixture
def stored(buckets, make_user, storage_for):
    """A private bucket with one text object of its owner, who may insert and nothing else."""
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    storage_for(user).from_(bucket).upload("docs/a.txt", b"hello world",
                                           {"content-type": "text/markdown"})
    return user, bucket


def test_without_a_select_policy_the_object_is_no_such_key(stored, http, buckets, storage_for):
    user, bucket = stored
    hidden = http("GET", f"/object/{bucket}/docs/a.txt", token=user.token)
    assert hidden.status_code == 400
    assert hidden.json() == {"statusCode": "404", "code": "NoSuchKey", "error": "not_found",
                             "message": "Object not found"}
    assert storage_for(user).from_(bucket).exists("docs/a.txt") is False
    buckets.allow(bucket, "select", OWN_ROWS)
    shown = http("GET", f"/object/{bucket}/docs/a.txt", token=user.token)
    assert shown.status_code == 200 and shown.content == b"hello world"
    assert shown.headers["content-type"] == "text/markdown"
    assert shown.headers["cache-control"] == "max-age=3600"
    assert shown.headers["etag"].startswith('"') and shown.headers["accept-ranges"] == "bytes"
    assert shown.headers["x-robots-tag"] == "none"
    files = storage_for(user).from_(bucket)
    assert files.download("docs/a.txt") == b"hello world"
    assert files.exists("docs/a.txt") is True
    info = files.info("docs/a.txt")
    assert info["size"] == 11 and info["content_type"] == "text/markdown"
    assert info["bucket_id"] == bucket and info["name"] == "docs/a.txt"


def test_another_user_sees_nothing_through_an_owner_policy(stored, buckets, make_user,
                                                            storage_for):
    user, bucket = stored
    buckets.allow(bucket, "select", OWN_ROWS)
    with pytest.raises(StorageApiError) as other:
        storage_for(make_user()).from_(bucket).download("docs/a.txt")
    assert other.value.status == "404" and other.value.code == "not_found"


def test_no_credentials_see_a_private_bucket_as_missing(stored, http, buckets):
    _, bucket = stored
    buckets.allow(bucket, "select", "true", to="anon")
    for path in (f"/object/{bucket}/docs/a.txt", f"/object/public/{bucket}/docs/a.txt",
                 f"/object/info/{bucket}/docs/a.txt"):
        response = http("GET", path, auth=False)
        assert response.status_code == 400, path
        assert response.json()["message"] == "Bucket not found"
    required = http("GET", f"/object/authenticated/{bucket}/docs/a.txt", auth=False)
    assert required.status_code == 400 and required.json()["code"] == "AccessDenied"


def test_a_public_bucket_serves_anyone_without_a_policy(buckets, http, storage_for):
    bucket = buckets(public=True)
    buckets.insert_object(bucket, "seed.txt")  # a row without a file: the file is missing
    buckets.insert_object(bucket, "versionless.txt", versioned=False)
    for name in ("seed.txt", "versionless.txt"):
        missing = http("GET", f"/object/public/{bucket}/{name}", auth=False)
        assert missing.status_code == 400
        assert missing.json()["message"] == "The resource was not found"
    buckets.allow(bucket, "insert", "true", to="anon")
    storage_for().from_(bucket).upload("p.txt", b"public bytes")
    for path, auth in ((f"/object/{bucket}/p.txt", False),
                       (f"/object/public/{bucket}/p.txt", False),
                       (f"/object/authenticated/{bucket}/p.txt", True)):
        response = http("GET", path, auth=auth)
        assert response.status_code == 200, path
        assert response.content == b"public bytes"
    public_url = storage_for().from_(bucket).get_public_url("p.txt")
    head = http("HEAD", public_url.split("/storage/v1", 1)[1], auth=False)
    assert head.status_code == 200 and head.headers["content-length"] == "12"
    assert head.content == b""


def test_ranges_conditional_requests_and_attachment_names(stored, http, buckets):
    user, bucket = stored
    buckets.allow(bucket, "select", OWN_ROWS)
    path = f"/object/{bucket}/docs/a.txt"
    partial = http("GET", path, token=user.token, headers={"Range": "bytes=0-4"})
    assert partial.status_code == 206 and partial.content == b"hello"
    etag = partial.headers["etag"]
    assert http("GET", path, token=user.token,
                headers={"If-None-Match": etag}).status_code == 304
    named = http("GET", path + "?download=notes.txt", token=user.token)
    assert named.headers["content-disposition"] == (
        "attachment; filename=notes.txt; filename*=UTF-8''notes.txt")
    plain = http("GET", path + "?download", token=user.token)
    assert plain.headers["content-disposition"] == "attachment;"


def test_a_file_removed_after_the_lookup_is_not_found(buckets, make_user, storage_for,
                                                      monkeypatch):
    """A delete or replacing upload can remove the file between the row lookup and the open
    (the download then raced the removal); it is NoSuchKey, not a 500."""
    from samia_cli.storage_api.objects import Objects

    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    buckets.allow(bucket, "select", "true")
    files = storage_for(user).from_(bucket)
    files.upload("gone.txt", b"x")
    looked_up = Objects.file_of

    def then_removed(self, row):
        path = looked_up(self, row)
        path.unlink()
        return path

    monkeypatch.setattr(Objects, "file_of", then_removed)
    with pytest.raises(StorageApiError) as missing:
        files.download("gone.txt")
    assert missing.value.status == "404"
