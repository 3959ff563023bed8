"""Listing through storage.search, removing (many and one), moving and copying, each deciding
by the caller's policies."""

from __future__ import annotations

import pytest
from storage3.exceptions import StorageApiError

from .conftest import OWN_ROWS


def test_list_shows_one_folder_level_folders_without_ids(buckets, make_user, storage_for):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "select", "true")
    for name in ("folder/x.png", "folder/sub/y.png", "Folder/z.png", "folder2/w.png",
                 "top.txt"):
        buckets.insert_object(bucket, name, user.id)
    files = storage_for(user).from_(bucket)
    listed = files.list("folder")
    assert [(entry["name"], entry["id"] is None) for entry in listed] == [
        ("sub", True), ("x.png", False), ("z.png", False)]  # prefixes match case-insensitively
    assert listed[0]["metadata"] is None and listed[1]["metadata"] == {"size": 0}
    top = files.list()
    assert [entry["name"] for entry in top] == ["Folder", "folder", "folder2", "top.txt"]
    by_date = files.list("", {"sortBy": {"column": "created_at", "order": "desc"}})
    assert by_date[-1]["name"] == "top.txt"  # folders first when not sorted by name
    assert [e["name"] for e in files.list("", {"limit": 1, "offset": 3})] == ["top.txt"]
    assert [e["name"] for e in files.list("folder", {"search": "s"})] == ["sub"]


def test_list_without_a_select_policy_is_empty(buckets, make_user, storage_for):
    bucket = buckets()
    buckets.insert_object(bucket, "a.txt")
    assert storage_for(make_user()).from_(bucket).list() == []


def test_remove_takes_only_what_the_caller_may_see_and_delete(buckets, make_user, storage_for,
                                                              http, storage_dir):
    me, other = make_user(), make_user()
    bucket = buckets()
    for command in ("insert", "select", "delete"):
        buckets.allow(bucket, command, OWN_ROWS)
    storage_for(me).from_(bucket).upload("mine", b"m")
    storage_for(other).from_(bucket).upload("theirs", b"t")
    removed = storage_for(me).from_(bucket).remove(["mine", "theirs", "missing"])
    assert [row["name"] for row in removed] == ["mine"]
    assert removed[0]["bucket_id"] == bucket and removed[0]["owner_id"] == me.id
    assert [row["name"] for row in buckets.objects(bucket)] == ["theirs"]
    assert not (storage_dir / bucket / "mine").exists()
    one = http("DELETE", f"/object/{bucket}/theirs", token=me.token)
    assert one.status_code == 400
    assert one.json() == {"statusCode": "403", "code": "AccessDenied", "error": "Unauthorized",
                          "message": "Access denied"}
    missing = http("DELETE", f"/object/{bucket}/nothing", token=me.token)
    assert missing.status_code == 400 and missing.json()["code"] == "NoSuchKey"
    own = http("DELETE", f"/object/{bucket}/theirs", token=other.token)
    assert own.json() == {"message": "Successfully deleted"}
    assert buckets.objects(bucket) == []
    assert not (storage_dir / bucket / "theirs").exists()


def test_move_needs_select_and_update(buckets, make_user, storage_for, storage_dir):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    buckets.allow(bucket, "select", OWN_ROWS)
    files = storage_for(user).from_(bucket)
    files.upload("a/one.txt", b"payload")
    with pytest.raises(StorageApiError) as denied:
        files.move("a/one.txt", "b/two.txt")
    assert denied.value.status == "403"
    buckets.allow(bucket, "update", OWN_ROWS)
    moved = files.move("a/one.txt", "b/two.txt")
    assert moved["message"] == "Successfully moved" and moved["Key"] == "b/two.txt"
    assert files.download("b/two.txt") == b"payload"
    assert [row["name"] for row in buckets.objects(bucket)] == ["b/two.txt"]
    assert not (storage_dir / bucket / "a").exists()
    with pytest.raises(StorageApiError) as missing:
        files.move("a/one.txt", "c.txt")
    assert missing.value.status == "404"


def test_copy_writes_a_new_object_as_the_caller(buckets, make_user, storage_for, http):
    user, other = make_user(), make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    buckets.allow(bucket, "select", OWN_ROWS)
    files = storage_for(user).from_(bucket)
    files.upload("src.txt", b"copy me", {"metadata": {"tag": "x"}})
    copied = files.copy("src.txt", "dst.txt")
    assert copied["Key"] == f"{bucket}/dst.txt"
    assert files.download("dst.txt") == b"copy me" and files.download("src.txt") == b"copy me"
    rows = {row["name"]: row for row in buckets.objects(bucket)}
    assert rows["dst.txt"]["user_metadata"] == {"tag": "x"}
    assert rows["dst.txt"]["version"] != rows["src.txt"]["version"]
    with pytest.raises(StorageApiError) as duplicate:
        files.copy("src.txt", "dst.txt")
    assert duplicate.value.status == "409"
    with pytest.raises(StorageApiError) as hidden:
        storage_for(other).from_(bucket).copy("src.txt", "mine.txt")
    assert hidden.value.status == "404"
    elsewhere = http("POST", "/object/copy", token=user.token,
                     json={"bucketId": bucket, "sourceKey": "src.txt",
                           "destinationKey": "x.txt", "destinationBucket": "no-such-bucket"})
    assert elsewhere.json()["code"] == "NoSuchBucket"
