"""Storage's error answers: HTTP 400 for every error but internal ones, with the semantic status
carried as a string in the body's `statusCode` (clients read `statusCode`, `code`, `error` and
`message`), and the mapping of PostgreSQL errors to them."""

from __future__ import annotations

import json

import psycopg
from werkzeug.wrappers import Response

from samia_functions.postgrest.errors import clip

JSON_TYPE = "application/json; charset=utf-8"
RLS_MESSAGE = "new row violates row-level security policy"


def shown(text: str) -> str:
    """The caller's input as a message repeats it: cut short by the edge's one echo rule, so a
    60 kB key or path is not sent back whole."""
    return clip(text)


class StorageError(Exception):
    def __init__(self, status_code: int, code: str, error: str, message: str, *,
                 http_status: int = 400) -> None:
        super().__init__(f"{status_code} {code}: {message}")
        self.status_code = status_code
        self.code = code
        self.error = error
        self.message = message
        self.http_status = http_status

    def body(self) -> dict[str, str]:
        return {"statusCode": str(self.status_code), "code": self.code, "error": self.error,
                "message": self.message}

    def to_response(self) -> Response:
        return Response(json.dumps(self.body(), ensure_ascii=False), status=self.http_status,
                        content_type=JSON_TYPE)


def no_such_bucket() -> StorageError:
    return StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found")


def no_such_key() -> StorageError:
    return StorageError(404, "NoSuchKey", "not_found", "Object not found")


def file_missing() -> StorageError:
    return StorageError(404, "NoSuchKey", "Not found", "The resource was not found")


def key_exists() -> StorageError:
    return StorageError(409, "KeyAlreadyExists", "Duplicate", "The resource already exists")


def bucket_exists() -> StorageError:
    return StorageError(409, "BucketAlreadyExists", "Duplicate", "The resource already exists")


def bucket_not_empty() -> StorageError:
    return StorageError(409, "ResourceNotEmpty", "ResourceNotEmpty",
                        "The bucket you tried to delete is not empty")


def access_denied(message: str = "Access denied") -> StorageError:
    return StorageError(403, "AccessDenied", "Unauthorized", message)


def too_large() -> StorageError:
    return StorageError(413, "EntityTooLarge", "Payload too large",
                        "The object exceeded the maximum allowed size")


def invalid_mime(mimetype: str) -> StorageError:
    return StorageError(415, "InvalidMimeType", "invalid_mime_type",
                        f"mime type {shown(mimetype)} is not supported")


def invalid_key(key: str) -> StorageError:
    return StorageError(400, "InvalidKey", "InvalidKey", f"Invalid key: {shown(key)}")


def invalid_bucket_name() -> StorageError:
    return StorageError(400, "InvalidBucketName", "Invalid Input", "Bucket name invalid")


def invalid_request(message: str) -> StorageError:
    """A body or query that does not match the route's schema."""
    return StorageError(400, "InvalidRequest", "Bad Request", message)


def invalid_jwt(message: str) -> StorageError:
    return StorageError(400, "InvalidJWT", "InvalidJWT", message)


def invalid_signature() -> StorageError:
    return StorageError(400, "InvalidSignature", "InvalidSignature", "Invalid signature")


def not_supported(what: str) -> StorageError:
    """A Storage feature this local service does not implement (TUS, S3, transforms, …);
    HTTP 400 like every other non-500 Storage error."""
    return StorageError(501, "NotSupported", "Not Implemented",
                        f"{what} is not supported by the local storage service")


def not_found_route(method: str, path: str) -> StorageError:
    return StorageError(404, "NotFound", "Not Found", f"Route {method}:{shown(path)} not found",
                        http_status=404)


def internal(message: str = "Internal Server Error") -> StorageError:
    return StorageError(500, "InternalError", "internal", message, http_status=500)


def from_pg_error(exc: psycopg.Error, *, duplicate: StorageError | None = None) -> StorageError:
    """42501 is AccessDenied (RLS failures keep PostgreSQL's message), 23505 is a duplicate
    (the caller says which kind), 23503 a reference still in use; the rest is internal."""
    state = exc.sqlstate or ""
    message = (exc.diag.message_primary if exc.diag else None) or str(exc)
    if state == "42501":
        return access_denied(RLS_MESSAGE if "row-level security" in message else message)
    if state == "23505":
        return duplicate or StorageError(409, "ResourceAlreadyExists", "Duplicate",
                                         "The resource already exists")
    if state == "23503":
        return StorageError(400, "ResourceReferenced", "ResourceReferenced", message)
    return internal(message)
