"""The `/storage/v1` WSGI app: who is calling, which route, and Storage-shaped errors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from samia_cli.gateway.auth import Authenticator
from samia_cli.gateway.db import Database
from samia_functions.postgrest.errors import ApiError

from . import errors
from .buckets import Buckets
from .callers import Callers
from .files import FileStore
from .objects import Objects
from .routes import Routes
from .session import Session
from .signing import Signer

PREFIX = "/storage/v1"
log = logging.getLogger(__name__)


class StorageApp:
    def __init__(self, *, db: Database, auth: Authenticator, files_root: Path,
                 jwt_secret: str) -> None:
        self.db = db
        session = Session(db)
        store = FileStore(files_root)
        self.routes = Routes(callers=Callers(auth), buckets=Buckets(session),
                             objects=Objects(session, store), store=store,
                             signer=Signer(jwt_secret))

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path[len(PREFIX):] if request.path.startswith(PREFIX) else request.path
        try:
            response = self.routes.dispatch(request, path)
        except errors.StorageError as exc:
            response = exc.to_response()
        except HTTPException as exc:  # werkzeug's own refusals while parsing a body
            refusal = errors.too_large() if exc.code == 413 else errors.invalid_request(
                exc.description or "Bad Request")
            response = refusal.to_response()
        except ApiError as exc:  # the pool timed out
            response = errors.internal(exc.message).to_response()
        except Exception as exc:
            log.exception("storage error on %s %s", request.method, request.path)
            response = errors.internal(str(exc)).to_response()
        return response(environ, start_response)

    def close(self) -> None:
        self.db.close()


def create_storage_app(db_dsn: str, jwt_secret: str, files_root: Path, auth: Authenticator, *,
                       pool_max_size: int = 5, pool_timeout: float = 10.0) -> StorageApp:
    """`db_dsn` connects as supabase_storage_admin; `auth` is the gateway's Authenticator."""
    return StorageApp(db=Database(db_dsn, max_size=pool_max_size, timeout=pool_timeout),
                      auth=auth, files_root=Path(files_root), jwt_secret=jwt_secret)
