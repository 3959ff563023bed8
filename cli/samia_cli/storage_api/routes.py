"""Storage's REST routes under /storage/v1, mapped to bucket and object operations.

Routes this service does not implement (image transforms, resumable TUS uploads, the S3
protocol, list-v2, analytics and vector buckets) answer 501 NotSupported."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from werkzeug.http import http_date
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import wrap_file

from . import errors
from .buckets import Buckets
from .callers import Callers
from .files import FileStore
from .limits import bounded, check_key, check_text, expires_in
from .objects import Objects, iso
from .signing import DOWNLOAD, UPLOAD, Signer
from .uploads import read_upload

SIGN_FAILED = "Either the object does not exist or you do not have access to it"
UNSUPPORTED = (("/render/", "Image transformation"), ("/upload/resumable", "Resumable upload"),
               ("/s3", "The S3 protocol"), ("/object/list-v2/", "list-v2"),
               ("/iceberg", "Analytics buckets"), ("/vector", "Vector buckets"))
LIST_SORT = ("name", "updated_at", "created_at", "last_accessed_at")
JSON_BODY_LIMIT = 1024 * 1024  # far above 1000 paths of any sensible length


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, default=str), status=status,
                    content_type=errors.JSON_TYPE)


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; EntityTooLarge past JSON_BODY_LIMIT bytes, with or without a
    Content-Length (werkzeug's own limit cuts a chunked body short silently)."""
    raw = read_at_most(request.stream, JSON_BODY_LIMIT + 1)
    if len(raw) > JSON_BODY_LIMIT:
        raise errors.too_large()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise errors.invalid_request("Body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise errors.invalid_request("body must be object")
    return check_text(body, "body")


def read_at_most(stream: Any, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def split(rest: str) -> tuple[str, str]:
    """`bucket/key/with/slashes` into bucket and key."""
    bucket, _, key = rest.partition("/")
    return bucket, key


def truthy(value: str | None) -> bool:
    return value == "true"


@dataclass
class Routes:
    callers: Callers
    buckets: Buckets
    objects: Objects
    store: FileStore
    signer: Signer

    def dispatch(self, request: Request, path: str) -> Response:
        method = request.method
        if "\x00" in path:
            raise errors.invalid_request("the path contains a NUL character")
        check_text([part for pair in request.args.items(multi=True) for part in pair],
                   "querystring")
        for prefix, what in UNSUPPORTED:
            if path.startswith(prefix):
                raise errors.not_supported(what)
        if path == "/bucket" or path == "/bucket/":
            if method == "GET":
                return self.list_buckets(request, path)
            if method == "POST":
                return self.create_bucket(request, path)
        elif path.startswith("/bucket/"):
            bucket_id = path[len("/bucket/"):]
            if bucket_id.endswith("/empty") and method == "POST":
                return self.empty_bucket(request, path, bucket_id[:-len("/empty")])
            handler = {"GET": self.get_bucket, "PUT": self.update_bucket,
                       "DELETE": self.delete_bucket}.get(method)
            if handler and "/" not in bucket_id:
                return handler(request, path, bucket_id)
        elif path.startswith("/object/"):
            response = self.object_route(request, path, method, path[len("/object/"):])
            if response is not None:
                return response
        raise errors.not_found_route(method, path)

    def object_route(self, request: Request, path: str, method: str,
                     rest: str) -> Response | None:
        reading = method in ("GET", "HEAD")
        if rest.startswith("list/") and method == "POST":
            return self.list_objects(request, path, rest[len("list/"):])
        if rest in ("move", "copy") and method == "POST":
            return self.move(request, path) if rest == "move" else self.copy(request, path)
        if rest.startswith("upload/sign/"):
            bucket, key = split(rest[len("upload/sign/"):])
            if method == "POST":
                return self.sign_upload(request, path, bucket, key)
            if method == "PUT":
                return self.signed_upload(request, path, bucket, key)
            return None
        if rest.startswith("sign/"):
            bucket, key = split(rest[len("sign/"):])
            if method == "POST":
                return (self.sign(request, path, bucket, key) if key
                        else self.sign_many(request, path, bucket))
            if reading:
                return self.signed_download(request, path, bucket, key)
            return None
        if rest.startswith("info/"):
            rest = rest[len("info/"):]
            mode = "plain"
            for candidate in ("authenticated", "public"):
                if rest.startswith(candidate + "/"):
                    mode, rest = candidate, rest[len(candidate) + 1:]
            return self.read(request, path, *split(rest), mode=mode, info=True) if reading \
                else None
        for mode in ("authenticated", "public"):
            if rest.startswith(mode + "/") and reading:
                return self.read(request, path, *split(rest[len(mode) + 1:]), mode=mode)
        bucket, key = split(rest)
        if reading and key:
            return self.read(request, path, bucket, key, mode="plain")
        if method in ("POST", "PUT") and key:
            upsert = method == "PUT" or truthy(request.headers.get("x-upsert"))
            return self.upload(request, path, bucket, key, upsert=upsert)
        if method == "DELETE":
            return self.remove_one(request, path, bucket, key) if key \
                else self.remove_many(request, path, bucket)
        return None

    # -- buckets --------------------------------------------------------------------------
    def list_buckets(self, request: Request, path: str) -> Response:
        caller = self.callers(request, path, required=True)
        args = request.args
        try:
            limit = int(args["limit"]) if "limit" in args else None
            offset = int(args.get("offset", 0))
        except ValueError as exc:
            raise errors.invalid_request("querystring/limit and offset must be integer") from exc
        if limit is not None:
            bounded(limit, "querystring/limit")
        bounded(offset, "querystring/offset")
        return json_response(self.buckets.list(
            caller, limit=limit, offset=offset, sort_column=args.get("sortColumn", "name"),
            sort_order=args.get("sortOrder", "asc"), search=args.get("search", "")))

    def get_bucket(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        return json_response(self.buckets.get(caller, bucket_id))

    def create_bucket(self, request: Request, path: str) -> Response:
        caller = self.callers(request, path, required=True)
        body = json_body(request)
        if "name" not in body:
            raise errors.invalid_request("body must have required property 'name'")
        return json_response({"name": self.buckets.create(caller, body)})

    def update_bucket(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        self.buckets.update(caller, bucket_id, json_body(request))
        return json_response({"message": "Successfully updated"})

    def delete_bucket(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        self.buckets.delete(caller, bucket_id)
        return json_response({"message": "Successfully deleted"})

    def empty_bucket(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        if caller.role != "service_role":
            raise errors.StorageError(403, "AccessDenied", "Unauthorized",
                                      "Operation not allowed", http_status=403)
        self.objects.bucket(caller, bucket_id)
        self.objects.empty_bucket(caller, bucket_id)
        return json_response({"message": "Successfully emptied"})

    # -- upload ---------------------------------------------------------------------------
    def upload(self, request: Request, path: str, bucket_id: str, key: str, *,
               upsert: bool) -> Response:
        caller = self.callers(request, path, required=True)
        bucket = self.objects.bucket(caller, bucket_id)
        upload = read_upload(request, self.store, key, limit=bucket["file_size_limit"],
                             allowed_mimes=bucket["allowed_mime_types"])
        try:
            check_key(key)
        except errors.StorageError:
            upload.staged.discard()
            raise
        row = self.objects.upload(caller, bucket_id, key, upload, upsert=upsert,
                                  owner=caller.sub)
        return json_response({"Id": str(row["id"]), "Key": f"{bucket_id}/{key}"})

    def sign_upload(self, request: Request, path: str, bucket_id: str, key: str) -> Response:
        caller = self.callers(request, path, required=True)
        self.objects.bucket(caller, bucket_id)
        check_key(key)
        upsert = truthy(request.headers.get("x-upsert"))
        self.objects.test_upload(caller, bucket_id, key, upsert=upsert)
        token = self.signer.sign_upload(f"{bucket_id}/{key}", caller.sub, upsert)
        return json_response({"url": f"/object/upload/sign/{bucket_id}/{key}?token={token}",
                              "token": token})

    def signed_upload(self, request: Request, path: str, bucket_id: str, key: str) -> Response:
        claims = self.signer.verify(request.args.get("token"), f"{bucket_id}/{key}", UPLOAD)
        check_key(key)
        caller = self.callers.nobody(request, path)
        bucket = self.objects.bucket(caller, bucket_id)
        upload = read_upload(request, self.store, key, limit=bucket["file_size_limit"],
                             allowed_mimes=bucket["allowed_mime_types"])
        owner = claims.get("owner") if isinstance(claims.get("owner"), str) else None
        self.objects.upload(caller, bucket_id, key, upload, upsert=claims.get("upsert") is True,
                            owner=owner, as_service=True,
                            operation="storage.object.upload_signed")
        return json_response({"Key": f"{bucket_id}/{key}"})

    # -- download and info ----------------------------------------------------------------
    def read(self, request: Request, path: str, bucket_id: str, key: str, *, mode: str,
             info: bool = False) -> Response:
        caller = None
        if mode != "public":
            caller = self.callers(request, path, required=mode == "authenticated")
        anyone = caller or self.callers.nobody(request, path)
        bucket = self.objects.bucket(anyone, bucket_id)
        if caller is None and not bucket["public"]:
            raise errors.no_such_bucket()
        row = self.objects.find(anyone, bucket_id, key, as_service=bool(bucket["public"]),
                                operation="storage.object.info" if info else "storage.object.get")
        if info:
            return json_response(object_info(row))
        return self.send(request, row)

    def send(self, request: Request, row: dict[str, Any], *,
             expires: int | None = None) -> Response:
        file_path = self.objects.file_of(row)
        meta = row["metadata"] or {}
        try:
            handle = file_path.open("rb")
        except OSError as exc:  # removed by a delete or a replacing upload since the lookup
            raise errors.file_missing() from exc
        size = os.fstat(handle.fileno()).st_size
        response = Response(wrap_file(request.environ, handle), direct_passthrough=True,
                            content_type=meta.get("mimetype") or "application/octet-stream")
        response.content_length = size
        response.headers["ETag"] = meta.get("eTag") or ""
        response.last_modified = row["updated_at"]
        if expires is not None:
            response.headers["Expires"] = http_date(expires)
        else:
            response.headers["Cache-Control"] = meta.get("cacheControl") or "no-cache"
        response.headers["Accept-Ranges"] = "bytes"
        response.headers["X-Robots-Tag"] = "none"
        if "download" in request.args:
            name = request.args["download"]
            response.headers["Content-Disposition"] = (
                f"attachment; filename={quote(name)}; filename*=UTF-8''{quote(name)}"
                if name else "attachment;")
        return response.make_conditional(request, accept_ranges=True, complete_length=size)

    # -- list, remove, move, copy ---------------------------------------------------------
    def list_objects(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        body = json_body(request)
        prefix = body.get("prefix")
        if not isinstance(prefix, str):
            raise errors.invalid_request("body must have required property 'prefix'")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        sort = body.get("sortBy") or {}
        column = sort.get("column", "name") if isinstance(sort, dict) else "name"
        order = sort.get("order", "asc") if isinstance(sort, dict) else "asc"
        limit = bounded(body.get("limit", 100), "body/limit")
        offset = bounded(body.get("offset", 0), "body/offset")
        search = body.get("search")
        if column not in LIST_SORT or order not in ("asc", "desc") or not isinstance(
                search or "", str):
            raise errors.invalid_request("body must match the list schema")
        return json_response(self.objects.search(
            caller, bucket_id, prefix, limit=limit, offset=offset, column=column, order=order,
            search=search or ""))

    def remove_many(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        prefixes = json_body(request).get("prefixes")
        if not isinstance(prefixes, list) or not prefixes or len(prefixes) > 1000 or not all(
                isinstance(p, str) for p in prefixes):
            raise errors.invalid_request("body/prefixes must be an array of 1 to 1000 strings")
        rows = self.objects.remove_many(caller, bucket_id, prefixes)
        return json_response([row_json(row) for row in rows])

    def remove_one(self, request: Request, path: str, bucket_id: str, key: str) -> Response:
        caller = self.callers(request, path, required=True)
        self.objects.remove_one(caller, bucket_id, key)
        return json_response({"message": "Successfully deleted"})

    def _transfer_body(self, request: Request) -> tuple[str, str, str, str, dict[str, Any]]:
        body = json_body(request)
        for field in ("bucketId", "sourceKey", "destinationKey"):
            if not isinstance(body.get(field), str):
                raise errors.invalid_request(f"body must have required property '{field}'")
        dest_bucket = body.get("destinationBucket") or body["bucketId"]
        if not isinstance(dest_bucket, str):
            raise errors.invalid_request("body/destinationBucket must be string")
        return (body["bucketId"], body["sourceKey"], dest_bucket,
                check_key(body["destinationKey"]), body)

    def move(self, request: Request, path: str) -> Response:
        caller = self.callers(request, path, required=True)
        bucket_id, source, dest_bucket, dest, _ = self._transfer_body(request)
        self.objects.bucket(caller, dest_bucket)
        moved = self.objects.move(caller, bucket_id, source, dest_bucket, dest)
        return json_response({"message": "Successfully moved", "Id": str(moved["id"]),
                              "Key": dest})

    def copy(self, request: Request, path: str) -> Response:
        caller = self.callers(request, path, required=True)
        bucket_id, source, dest_bucket, dest, body = self._transfer_body(request)
        if not isinstance(body.get("metadata") or {}, dict):
            raise errors.invalid_request("body/metadata must be object")
        self.objects.bucket(caller, dest_bucket)
        row = self.objects.copy(caller, bucket_id, source, dest_bucket, dest,
                                upsert=truthy(request.headers.get("x-upsert")),
                                user_metadata=body.get("metadata"),
                                copy_metadata=body.get("copyMetadata", True) is not False)
        return json_response({"Id": str(row["id"]), "Key": f"{dest_bucket}/{dest}",
                              **row_json(row)})

    # -- signed download URLs -------------------------------------------------------------
    def sign(self, request: Request, path: str, bucket_id: str, key: str) -> Response:
        caller = self.callers(request, path, required=True)
        seconds = expires_in(json_body(request).get("expiresIn"))
        self.objects.find(caller, bucket_id, key, as_service=False,
                          operation="storage.object.sign")
        token = self.signer.sign_download(f"{bucket_id}/{key}", seconds)
        return json_response({"signedURL": f"/object/sign/{bucket_id}/{key}?token={token}"})

    def sign_many(self, request: Request, path: str, bucket_id: str) -> Response:
        caller = self.callers(request, path, required=True)
        body = json_body(request)
        seconds = expires_in(body.get("expiresIn"))
        paths = body.get("paths")
        if not isinstance(paths, list) or not paths or len(paths) > 1000 or not all(
                isinstance(p, str) for p in paths):
            raise errors.invalid_request("body/paths must be an array of 1 to 1000 strings")
        visible = self.objects.visible_names(caller, bucket_id, paths)
        items = []
        for key in paths:
            if key in visible:
                token = self.signer.sign_download(f"{bucket_id}/{key}", seconds)
                items.append({"error": None, "path": key,
                              "signedURL": f"/object/sign/{bucket_id}/{key}?token={token}"})
            else:
                items.append({"error": SIGN_FAILED, "path": key, "signedURL": None})
        return json_response(items)

    def signed_download(self, request: Request, path: str, bucket_id: str,
                        key: str) -> Response:
        claims = self.signer.verify(request.args.get("token"), f"{bucket_id}/{key}", DOWNLOAD)
        caller = self.callers.nobody(request, path)
        row = self.objects.find(caller, bucket_id, key, as_service=True)
        return self.send(request, row, expires=int(claims["exp"]))


def row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "id": str(row["id"]), "owner": str(row["owner"]) if row["owner"] else None,
            **{k: iso(row[k]) for k in ("created_at", "updated_at", "last_accessed_at")}}


def object_info(row: dict[str, Any]) -> dict[str, Any]:
    meta = row["metadata"] or {}
    return {"id": str(row["id"]), "name": row["name"], "version": row["version"],
            "bucket_id": row["bucket_id"], "size": meta.get("size"),
            "content_type": meta.get("mimetype"), "cache_control": meta.get("cacheControl"),
            "etag": meta.get("eTag"), "metadata": row["user_metadata"] or {},
            "last_modified": iso(row["updated_at"]), "created_at": iso(row["created_at"])}


