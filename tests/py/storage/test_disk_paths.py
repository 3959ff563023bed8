"""Keys the character set allows but the disk cannot hold (a segment past 255 bytes, a path
past PATH_MAX, a key running through another object's version file) and the service's own
`.tmp` directory as a bucket are InvalidKey or InvalidBucketName: no 500, no row, no file."""

from __future__ import annotations

import psycopg
import pytest

from .conftest import files_under


def nothing_stored(buckets, open_bucket, storage_dir) -> bool:
    return (buckets.objects(open_bucket) == [] and files_under(storage_dir / open_bucket) == []
            and files_under(storage_dir / ".tmp") == [])


@pytest.mark.parametrize("key", ["a" * 256, "/".join(["a" * 200] * 25)])
def test_a_key_too_long_for_the_disk_is_invalid(open_bucket, buckets, make_user, http, storage_dir,
                                                key):
    response = http("POST", f"/object/{open_bucket}/{key}", token=make_user().token, content=b"x")
    assert response.status_code == 400 and response.json()["code"] == "InvalidKey"
    assert nothing_stored(buckets, open_bucket, storage_dir)


def test_a_key_through_another_objects_version_file_is_invalid(open_bucket, buckets, make_user,
                                                               http, storage_for):
    user = make_user()
    files = storage_for(user).from_(open_bucket)
    files.upload("x.txt", b"x")
    [row] = buckets.objects(open_bucket)
    through = f"x.txt/{row['version']}/y.txt"
    response = http("POST", f"/object/{open_bucket}/{through}", token=user.token, content=b"y")
    assert response.status_code == 400 and response.json()["code"] == "InvalidKey"
    moved = http("POST", "/object/copy", token=user.token,
                 json={"bucketId": open_bucket, "sourceKey": "x.txt", "destinationKey": through})
    assert moved.json()["code"] == "InvalidKey"
    assert [r["name"] for r in buckets.objects(open_bucket)] == ["x.txt"]
    assert files.download("x.txt") == b"x"


def test_a_move_to_a_key_too_long_for_the_disk_keeps_the_source(open_bucket, buckets, make_user,
                                                                 http, storage_for):
    user = make_user()
    files = storage_for(user).from_(open_bucket)
    files.upload("m.txt", b"m")
    response = http("POST", "/object/move", token=user.token,
                    json={"bucketId": open_bucket, "sourceKey": "m.txt",
                          "destinationKey": "b" * 300})
    assert response.json()["code"] == "InvalidKey"
    assert files.download("m.txt") == b"m"


def test_the_temporary_directory_is_no_bucket(buckets, http, service_key, database_dsn,
                                              storage_dir):
    made = http("POST", "/bucket", token=service_key, json={"name": ".tmp"})
    assert made.status_code == 400 and made.json()["code"] == "InvalidBucketName"
    with psycopg.connect(database_dsn, autocommit=True) as conn:  # SQL can still make one
        conn.execute("insert into storage.buckets (id, name) values ('.tmp', '.tmp')")
    buckets.ids.append(".tmp")
    response = http("POST", "/object/.tmp/a.txt", token=service_key, content=b"x")
    assert response.status_code == 400 and response.json()["code"] == "InvalidKey"
    assert buckets.objects(".tmp") == [] and files_under(storage_dir / ".tmp") == []
