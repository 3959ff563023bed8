"""A row and its file go together: a refused or failed write leaves neither, a replaced or
deleted version leaves no file behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from .conftest import OWN_ROWS, chunked, files_under


def files_of(storage_dir: Path, bucket: str) -> list[Path]:
    return files_under(storage_dir / bucket) + files_under(storage_dir / ".tmp")


@pytest.fixture
def insert_trigger(database_dsn: str) -> Iterator:
    """A trigger on inserts into one bucket: `before` fails before the row is written,
    `commit` fails at commit (a deferred constraint trigger), after the file was placed, and
    `slow` lets each insert take 0.3 s, so concurrent writers of one key overlap."""
    made: list[str] = []
    bodies = {"before": "raise exception 'write refused';", "commit": "raise exception"
              " 'write refused';", "slow": "perform pg_sleep(0.3); return new;"}

    def install(bucket: str, when: str) -> None:
        name = f"{when} {bucket}"
        timing = {"before": sql.SQL("trigger {} before insert"),
                  "commit": sql.SQL("constraint trigger {} after insert"),
                  "slow": sql.SQL("trigger {} before insert")}[when]
        deferral = sql.SQL("deferrable initially deferred" if when == "commit" else "")
        function = sql.Identifier("tests", f"storage_insert_{when}")
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("create or replace function {}() returns trigger"
                                 " language plpgsql as {}").format(
                function, sql.Literal(f"begin {bodies[when]} end")))
            conn.execute(sql.SQL("create {} on storage.objects {} for each row"
                                 " when (new.bucket_id = {}) execute function {}()").format(
                timing.format(sql.Identifier(name)), deferral, sql.Literal(bucket), function))
        made.append(name)

    yield install
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        for name in made:
            conn.execute(sql.SQL("drop trigger if exists {} on storage.objects").format(
                sql.Identifier(name)))
        for when in bodies:
            conn.execute(sql.SQL("drop function if exists {}()").format(
                sql.Identifier("tests", f"storage_insert_{when}")))


def test_an_upload_refused_by_rls_leaves_no_file(buckets, make_user, http, storage_dir):
    bucket = buckets()
    response = http("POST", f"/object/{bucket}/a.txt", token=make_user().token, content=b"x")
    assert response.json()["statusCode"] == "403"
    assert buckets.objects(bucket) == [] and files_of(storage_dir, bucket) == []


@pytest.mark.parametrize("when", ["before", "commit"])
def test_a_failed_database_step_leaves_no_row_and_no_file(buckets, make_user, http,
                                                          storage_dir, insert_trigger, when):
    """`before`: the row is never written; `commit`: the file was already in place."""
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    insert_trigger(bucket, when)
    response = http("POST", f"/object/{bucket}/a.txt", token=make_user().token, content=b"x")
    assert response.status_code == 500 and response.json()["statusCode"] == "500"
    assert buckets.objects(bucket) == [] and files_of(storage_dir, bucket) == []


def test_one_file_per_live_version(buckets, make_user, storage_for, storage_dir):
    user = make_user()
    bucket = buckets()
    for command in ("insert", "select", "update", "delete"):
        buckets.allow(bucket, command, OWN_ROWS)
    files = storage_for(user).from_(bucket)
    files.upload("a.txt", b"v1")
    files.upload("a.txt", b"v2", {"upsert": "true"})
    files.update("a.txt", b"v3")
    [row] = buckets.objects(bucket)
    assert files_of(storage_dir, bucket) == [storage_dir / bucket / "a.txt" / row["version"]]
    assert (storage_dir / bucket / "a.txt" / row["version"]).read_bytes() == b"v3"
    files.copy("a.txt", "b.txt")
    assert len(files_of(storage_dir, bucket)) == 2
    files.remove(["a.txt", "b.txt"])
    assert files_of(storage_dir, bucket) == []


def test_a_size_refusal_leaves_no_temporary_file(buckets, make_user, storage_for, storage_dir):
    user = make_user()
    bucket = buckets(file_size_limit=4)
    buckets.allow(bucket, "insert", "true")
    with pytest.raises(Exception, match="413"):
        storage_for(user).from_(bucket).upload("big.txt", b"12345")
    assert files_of(storage_dir, bucket) == []


def test_a_multipart_form_far_past_the_limit_is_refused_before_it_is_spooled(
        buckets, make_user, http, storage_dir):
    """Only the first file part is the object, but parsing the form writes every part to disk;
    a form more than 1 MiB past the bucket's limit is refused while it is read."""
    bucket = buckets(file_size_limit=10)
    buckets.allow(bucket, "insert", "true")

    form = chunked(b"--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\n"
                   b"Content-Type: text/plain\r\n\r\nsmall\r\n"
                   b"--b\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b\"\r\n"
                   b"Content-Type: text/plain\r\n\r\n", b"\r\n--b--\r\n")
    response = http("POST", f"/object/{bucket}/a.txt", token=make_user().token, content=form,
                    headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 400 and response.json()["statusCode"] == "413"
    assert buckets.objects(bucket) == [] and files_of(storage_dir, bucket) == []


@pytest.mark.parametrize("first_upsert", [True, False])
def test_concurrent_writers_of_a_new_key_leave_one_row_and_its_file(
        buckets, make_user, http, storage_dir, insert_trigger, first_upsert):
    """Upserts of a key with no row yet: FOR UPDATE locks nothing, so each writer missed the
    version the one before it committed, and its file stayed on disk with no row."""
    user = make_user()
    bucket = buckets()
    for command in ("insert", "select", "update"):
        buckets.allow(bucket, command, "true")
    insert_trigger(bucket, "slow")
    answers: list[int] = []

    def write(upsert: bool) -> None:
        answers.append(http("POST", f"/object/{bucket}/race.txt", token=user.token,
                            content=b"r", headers={"x-upsert": str(upsert).lower()}).status_code)

    writers = [threading.Thread(target=write, args=(first_upsert or n > 0,)) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert 200 in answers
    [row] = buckets.objects(bucket)
    assert files_of(storage_dir, bucket) == [storage_dir / bucket / "race.txt" / row["version"]]
