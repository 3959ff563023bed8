"""Object operations: each statement that Storage runs as the caller runs here as the caller
(RLS decides), the steps it runs as its super user run as service_role, and the bytes on disk
follow the row: placed before the commit (and removed if it fails), old versions removed after
it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from . import errors
from .files import FileStore
from .session import Caller, Session, Tx
from .uploads import Upload

ROW_COLUMNS = ("id, bucket_id, name, owner, owner_id, version, metadata, user_metadata,"
               " created_at, updated_at, last_accessed_at")


def owner_uuid(sub: str | None) -> str | None:
    """Storage fills the deprecated uuid `owner` only when the subject is a uuid."""
    try:
        return str(uuid.UUID(sub)) if sub else None
    except ValueError:
        return None


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def visible_row(tx: Tx, bucket_id: str, key: str) -> dict[str, Any]:
    """The object row as the transaction's current role sees it; NoSuchKey when it is missing
    or hidden."""
    row = tx.row(f"select {ROW_COLUMNS} from storage.objects"
                 " where bucket_id = %s and name = %s", (bucket_id, key))
    if row is None:
        raise errors.no_such_key()
    return row


class Objects:
    def __init__(self, session: Session, store: FileStore) -> None:
        self.session = session
        self.store = store

    # -- reading --------------------------------------------------------------------------
    def bucket(self, caller: Caller, bucket_id: str) -> dict[str, Any]:
        """The bucket as Storage's super user sees it; NoSuchBucket when there is none."""
        with self.session.transaction(caller, "storage.bucket.get", as_service=True) as tx:
            row = tx.row("select id, public, file_size_limit, allowed_mime_types"
                         " from storage.buckets where id = %s", (bucket_id,))
        if row is None:
            raise errors.no_such_bucket()
        return row

    def find(self, caller: Caller, bucket_id: str, key: str, *, as_service: bool,
             operation: str = "storage.object.get") -> dict[str, Any]:
        """The object row, through RLS unless `as_service`; NoSuchKey when hidden or missing."""
        with self.session.transaction(caller, operation, as_service=as_service) as tx:
            return visible_row(tx, bucket_id, key)

    def file_of(self, row: dict[str, Any]) -> Path:
        """The file of a row; NoSuchKey ("not found") when the row has none, e.g. a row written
        in SQL without a version."""
        try:
            path = self.store.path_for(row["bucket_id"], row["name"], row["version"] or "")
        except ValueError as exc:
            raise errors.file_missing() from exc
        if not path.is_file():
            raise errors.file_missing()
        return path

    def search(self, caller: Caller, bucket_id: str, prefix: str, *, limit: int, offset: int,
               column: str, order: str, search: str) -> list[dict[str, Any]]:
        levels = prefix.count("/") + 1
        with self.session.transaction(caller, "storage.object.list") as tx:
            rows = tx.rows("select name, id, updated_at, created_at, last_accessed_at, metadata"
                           " from storage.search(%s, %s, %s, %s, %s, %s, %s, %s)",
                           (prefix, bucket_id, limit, levels, offset, search, column, order))
        return [{**row, "id": str(row["id"]) if row["id"] else None,
                 **{k: iso(row[k]) for k in ("updated_at", "created_at", "last_accessed_at")}}
                for row in rows]

    def visible_names(self, caller: Caller, bucket_id: str, names: list[str]) -> set[str]:
        with self.session.transaction(caller, "storage.object.sign") as tx:
            rows = tx.rows("select name from storage.objects"
                           " where bucket_id = %s and name = any(%s)", (bucket_id, names))
        return {row["name"] for row in rows}

    # -- writing --------------------------------------------------------------------------
    @contextmanager
    def _placing(self) -> Iterator[list[Path]]:
        """Files placed for a transaction: removed again if the block (or its commit) fails."""
        placed: list[Path] = []
        try:
            yield placed
        except BaseException:
            for path in placed:
                self.store.remove(path)
            raise

    def _remove_versions(self, rows: list[dict[str, Any]]) -> None:
        """After the commit: the files of versions no row points at any more."""
        for row in rows:
            try:
                self.store.remove(self.store.path_for(row["bucket_id"], row["name"],
                                                      row["version"] or ""))
            except ValueError:
                continue  # a row written in SQL without a version or with an odd name

    def _write_row(self, tx: Tx, bucket_id: str, key: str, *, upsert: bool, owner: str | None,
                   version: str, metadata: dict[str, Any], user_metadata: Any) -> dict[str, Any]:
        """Insert (or upsert) the row as the transaction's role, then read it back as
        service_role. A plain insert needs only an INSERT policy; the upsert returns the row,
        so it needs INSERT, SELECT and UPDATE, as on Supabase."""
        values = (bucket_id, key, owner_uuid(owner), owner, version, Jsonb(metadata),
                  Jsonb(user_metadata) if user_metadata is not None else None)
        insert = ("insert into storage.objects as o (bucket_id, name, owner, owner_id, version,"
                  " metadata, user_metadata) values (%s, %s, %s, %s, %s, %s, %s)")
        try:
            if upsert:
                tx.row(insert + " on conflict (name, bucket_id) do update set"
                       " owner = excluded.owner, owner_id = excluded.owner_id,"
                       " version = excluded.version, metadata = excluded.metadata,"
                       " user_metadata = excluded.user_metadata, last_accessed_at = now()"
                       " returning o.id", values)
            else:
                tx.execute(insert, values)
        except psycopg.Error as exc:
            raise errors.from_pg_error(exc, duplicate=errors.key_exists()) from exc
        with tx.as_service():
            return visible_row(tx, bucket_id, key)

    @staticmethod
    def _locked_version(tx: Tx, bucket_id: str, key: str) -> dict[str, Any] | None:
        """The current version, with writers of this key queued behind this transaction: the
        advisory lock covers a key with no row yet, where FOR UPDATE locks nothing, so two
        upserts of a new key cannot both miss the version the other replaces."""
        with tx.as_service():
            tx.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))",
                       (f"{bucket_id}/{key}",))
            return tx.row("select bucket_id, name, version from storage.objects"
                          " where bucket_id = %s and name = %s for update", (bucket_id, key))

    def _target(self, bucket_id: str, key: str, version: str) -> Path:
        """Where a new version goes; InvalidKey when the key cannot be a file path here."""
        try:
            return self.store.path_for(bucket_id, key, version)
        except ValueError as exc:
            raise errors.invalid_key(key) from exc

    def _put(self, target: Path, key: str, write: Callable[[Path], None]) -> None:
        """Place bytes at `target` with `write`; InvalidKey when the path is taken by a file."""
        try:
            write(target)
        except ValueError as exc:
            raise errors.invalid_key(key) from exc

    def test_upload(self, caller: Caller, bucket_id: str, key: str, *, upsert: bool) -> None:
        """Storage's permission test for a signed upload URL: the insert, rolled back."""
        with self.session.transaction(caller, "storage.object.upload_signed_url",
                                      rollback=True) as tx:
            self._write_row(tx, bucket_id, key, upsert=upsert, owner=caller.sub,
                            version=str(uuid.uuid4()), metadata={}, user_metadata=None)

    def upload(self, caller: Caller, bucket_id: str, key: str, upload: Upload, *, upsert: bool,
               owner: str | None, as_service: bool = False,
               operation: str = "storage.object.upload") -> dict[str, Any]:
        version = self.store.new_version()
        metadata = {
            "eTag": f'"{upload.staged.md5}"', "size": upload.staged.size,
            "mimetype": upload.mimetype, "cacheControl": upload.cache_control,
            "lastModified": iso(dt.datetime.now(dt.UTC)), "contentLength": upload.staged.size,
            "httpStatusCode": 200,
        }
        try:
            target = self._target(bucket_id, key, version)
            with self._placing() as placed, \
                    self.session.transaction(caller, operation, as_service=as_service) as tx:
                old = self._locked_version(tx, bucket_id, key)
                row = self._write_row(tx, bucket_id, key, upsert=upsert, owner=owner,
                                      version=version, metadata=metadata,
                                      user_metadata=upload.user_metadata)
                self._put(target, key, lambda path: self.store.place(upload.staged, path))
                placed.append(target)
        finally:
            upload.staged.discard()
        self._remove_versions([old] if old else [])
        return row

    def remove_many(self, caller: Caller, bucket_id: str, names: list[str]) -> list[dict]:
        """Rows the caller may both see and delete go; the others are silently kept."""
        with self.session.transaction(caller, "storage.object.delete_many") as tx:
            try:
                rows = tx.rows(f"delete from storage.objects where bucket_id = %s"
                               f" and name = any(%s) returning {ROW_COLUMNS}", (bucket_id, names))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc) from exc
        self._remove_versions(rows)
        return rows

    def remove_one(self, caller: Caller, bucket_id: str, key: str) -> None:
        with self.session.transaction(caller, "storage.object.delete") as tx:
            if self._locked_version(tx, bucket_id, key) is None:
                raise errors.no_such_key()
            try:
                rows = tx.rows("delete from storage.objects where bucket_id = %s and name = %s"
                               " returning bucket_id, name, version", (bucket_id, key))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc) from exc
            if not rows:
                raise errors.access_denied()
        self._remove_versions(rows)

    def move(self, caller: Caller, bucket_id: str, source: str, dest_bucket: str,
             dest: str) -> dict[str, Any]:
        """Rename (and maybe re-bucket) a row as the caller, who needs SELECT and UPDATE; the
        bytes get a new version path, linked before the commit."""
        version = self.store.new_version()
        with self._placing() as placed, \
                self.session.transaction(caller, "storage.object.move") as tx:
            src = visible_row(tx, bucket_id, source)
            self._locked_version(tx, dest_bucket, dest)  # queue behind writers of the key
            try:
                moved = tx.row(
                    "update storage.objects set bucket_id = %s, name = %s, version = %s,"
                    " owner = %s, owner_id = %s where id = %s returning id",
                    (dest_bucket, dest, version, owner_uuid(caller.sub), caller.sub, src["id"]))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc, duplicate=errors.key_exists()) from exc
            if moved is None:
                raise errors.access_denied()
            target = self._target(dest_bucket, dest, version)
            source_file = self.file_of(src)
            self._put(target, dest, lambda path: self.store.duplicate(source_file, path))
            placed.append(target)
        self._remove_versions([src])
        return moved

    def copy(self, caller: Caller, bucket_id: str, source: str, dest_bucket: str, dest: str, *,
             upsert: bool, user_metadata: Any, copy_metadata: bool) -> dict[str, Any]:
        """Read the source as the caller (SELECT), write the destination as the caller
        (INSERT, or INSERT + SELECT + UPDATE with upsert)."""
        version = self.store.new_version()
        with self._placing() as placed, \
                self.session.transaction(caller, "storage.object.copy") as tx:
            src = visible_row(tx, bucket_id, source)
            old = self._locked_version(tx, dest_bucket, dest)
            metadata = {**(src["metadata"] or {}),
                        "lastModified": iso(dt.datetime.now(dt.UTC))}
            row = self._write_row(
                tx, dest_bucket, dest, upsert=upsert, owner=caller.sub, version=version,
                metadata=metadata,
                user_metadata=src["user_metadata"] if copy_metadata else user_metadata)
            target = self._target(dest_bucket, dest, version)
            source_file = self.file_of(src)
            self._put(target, dest, lambda path: self.store.duplicate(source_file, path))
            placed.append(target)
        self._remove_versions([old] if old else [])
        return row

    def empty_bucket(self, caller: Caller, bucket_id: str) -> None:
        with self.session.transaction(caller, "storage.bucket.empty", as_service=True) as tx:
            rows = tx.rows("delete from storage.objects where bucket_id = %s"
                           " returning bucket_id, name, version", (bucket_id,))
        self._remove_versions(rows)
