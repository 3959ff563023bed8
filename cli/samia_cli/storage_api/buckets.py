"""Bucket operations, each as the caller: storage.buckets has RLS and no policy of its own, so
only service_role (or a project's policies) lists, creates, changes or deletes buckets."""

from __future__ import annotations

from typing import Any

import psycopg

from . import errors
from .limits import check_bucket_name, parse_size
from .objects import iso, owner_uuid
from .session import Caller, Session

COLUMNS = ("id, name, owner, public, created_at, updated_at, file_size_limit,"
           " allowed_mime_types")
SORT_COLUMNS = {"id", "name", "created_at", "updated_at"}


def shape(row: dict[str, Any]) -> dict[str, Any]:
    """As Storage serialises a bucket: a missing owner is an empty string."""
    shaped = {**row, "owner": str(row["owner"]) if row["owner"] else "",
              "created_at": iso(row["created_at"]), "updated_at": iso(row["updated_at"])}
    if "type" in shaped:
        shaped["type"] = str(shaped["type"])
    return shaped


def _public(value: Any) -> bool:
    """A boolean, or the strings "true"/"false" (Storage's schema coerces those); anything
    else is refused rather than read as truthy, so `"false"` never makes a bucket public."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise errors.invalid_request("body/public must be boolean")


def _mime_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise errors.invalid_request("body/allowed_mime_types must be array of strings")
    return value or None


class Buckets:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, caller: Caller, *, limit: int | None, offset: int, sort_column: str,
             sort_order: str, search: str) -> list[dict[str, Any]]:
        column = sort_column if sort_column in SORT_COLUMNS else "name"
        order = "desc" if sort_order.lower() == "desc" else "asc"
        with self.session.transaction(caller, "storage.bucket.list") as tx:
            rows = tx.rows(f"select {COLUMNS}, type::text as type from storage.buckets"
                           " where name ilike '%%' || %s || '%%'"
                           f" order by {column} {order} limit %s offset %s",
                           (search, limit, offset))
        return [shape(row) for row in rows]

    def get(self, caller: Caller, bucket_id: str) -> dict[str, Any]:
        with self.session.transaction(caller, "storage.bucket.get") as tx:
            row = tx.row(f"select {COLUMNS} from storage.buckets where id = %s", (bucket_id,))
        if row is None:
            raise errors.no_such_bucket()
        return shape(row)

    def create(self, caller: Caller, body: dict[str, Any]) -> str:
        name = check_bucket_name(body.get("name"))
        bucket_id = check_bucket_name(body.get("id") or name)
        bucket_type = body.get("type") or "STANDARD"
        if bucket_type not in ("STANDARD", "ANALYTICS", "VECTOR"):
            raise errors.invalid_request("body/type must be equal to one of the allowed values")
        with self.session.transaction(caller, "storage.bucket.create") as tx:
            try:
                tx.execute("insert into storage.buckets (id, name, owner, owner_id, public,"
                           " file_size_limit, allowed_mime_types, type)"
                           " values (%s, %s, %s, %s, %s, %s, %s, %s)",
                           (bucket_id, name, owner_uuid(caller.sub), caller.sub,
                            _public(body.get("public", False)),
                            parse_size(body.get("file_size_limit")),
                            _mime_list(body.get("allowed_mime_types")), bucket_type))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc, duplicate=errors.bucket_exists()) from exc
        return bucket_id

    def update(self, caller: Caller, bucket_id: str, body: dict[str, Any]) -> None:
        changes: dict[str, Any] = {}
        if "public" in body:
            changes["public"] = _public(body["public"])
        if "file_size_limit" in body:
            changes["file_size_limit"] = parse_size(body["file_size_limit"])
        if "allowed_mime_types" in body:
            changes["allowed_mime_types"] = _mime_list(body["allowed_mime_types"])
        if not changes:
            raise errors.invalid_request(
                "body must have at least one of public, file_size_limit, allowed_mime_types")
        assignments = ", ".join(f"{column} = %s" for column in changes)
        with self.session.transaction(caller, "storage.bucket.update") as tx:
            try:
                updated = tx.execute(f"update storage.buckets set {assignments} where id = %s",
                                     (*changes.values(), bucket_id))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc) from exc
        if not updated:
            raise errors.no_such_bucket()

    def delete(self, caller: Caller, bucket_id: str) -> None:
        with self.session.transaction(caller, "storage.bucket.delete") as tx:
            with tx.as_service():
                found = tx.row("select id from storage.buckets where id = %s for update",
                               (bucket_id,))
                if found and tx.row("select 1 as one from storage.objects"
                                    " where bucket_id = %s limit 1", (bucket_id,)):
                    raise errors.bucket_not_empty()
            try:
                deleted = tx.execute("delete from storage.buckets where id = %s", (bucket_id,))
            except psycopg.Error as exc:
                raise errors.from_pg_error(exc) from exc
        if not deleted:
            raise errors.no_such_bucket()
