"""The WSGI app of the local Auth service: routing, the database, error answers."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from samia_functions.postgrest.errors import ApiError

from ..gateway.db import Database
from . import account, admin, bearer, sessions
from .errors import JSON_TYPE, AuthError, error_response, not_found
from .ratelimit import SignInLimiter

PREFIX = "/auth/v1"
VERSION = "samia-local"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    jwt_secret: str
    issuer: str  # `<API URL>/auth/v1`, the `iss` of every access token
    phone_enabled: bool = False  # the CLI's [auth.sms] enable_signup = false


def _no_swap(headers: Any) -> str | None:
    return headers.get("Authorization")


_ROUTES = Map([
    Rule("/signup", methods=["POST"], endpoint=account.signup),
    Rule("/token", methods=["POST"], endpoint=account.token),
    Rule("/user", methods=["GET"], endpoint=account.get_user),
    Rule("/user", methods=["PUT"], endpoint=account.update_user),
    Rule("/logout", methods=["POST"], endpoint=account.logout),
    Rule("/admin/users", methods=["POST"], endpoint=admin.create),
    Rule("/admin/users", methods=["GET"], endpoint=admin.list_users),
    Rule("/admin/users/<user_id>", methods=["GET"], endpoint=admin.get),
    Rule("/admin/users/<user_id>", methods=["PUT"], endpoint=admin.update),
    Rule("/admin/users/<user_id>", methods=["DELETE"], endpoint=admin.delete),
    Rule("/settings", methods=["GET"], endpoint="settings"),
    Rule("/.well-known/jwks.json", methods=["GET"], endpoint="jwks"),
    Rule("/health", methods=["GET"], endpoint="health"),
], strict_slashes=False)


class AuthService:
    """Callable as a WSGI app, mounted by the gateway under `/auth/v1`."""

    def __init__(self, settings: Settings, db: Database, *, limiter: SignInLimiter | None = None,
                 authorization: Callable[[Any], str | None] = _no_swap) -> None:
        self.settings = settings
        self.db = db
        self.limiter = limiter or SignInLimiter()
        self._authorization = authorization  # the gateway's swap of sb_ keys, as Kong does

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path.startswith(PREFIX + "/"):
            path = path[len(PREFIX):]
        try:
            try:
                endpoint, args = _ROUTES.bind("localhost").match(path, method=request.method)
            except MethodNotAllowed as exc:
                raise AuthError(405, "method_not_allowed", "Method Not Allowed") from exc
            except NotFound as exc:
                raise not_found() from exc
            if isinstance(endpoint, str):
                result = getattr(self, f"_{endpoint}")()
            else:
                result = endpoint(self, request, **args)
            return result if isinstance(result, Response) else self.json(result)
        except AuthError as exc:
            return error_response(request, exc)
        except psycopg.DataError as exc:  # a value PostgreSQL cannot store (e.g. a NUL char)
            # the primary message only: the rest quotes the statement's parameters back
            reason = exc.diag.message_primary or str(exc).strip().splitlines()[0]
            return error_response(request, AuthError(
                400, "validation_failed", f"Invalid input: {reason}"))
        except (ApiError, psycopg.OperationalError) as exc:  # the database is unreachable
            log.warning("auth database unavailable: %s", exc)
            return error_response(request, AuthError(
                503, "unexpected_failure", "Database unavailable, try again"))
        except Exception:
            log.exception("auth error on %s %s", request.method, request.path)
            return error_response(request, AuthError(500, "unexpected_failure",
                                                     "Unexpected failure, please check the logs"))

    # -- helpers for the handlers ----------------------------------------------------------
    @staticmethod
    def json(body: Any, status: int = 200) -> Response:
        return Response(json.dumps(body), status=status, content_type=JSON_TYPE)

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        with self.db.connection() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One database transaction: committed when the block ends, rolled back on error."""
        with self.db.connection() as conn, conn.transaction():
            yield conn

    def claims(self, request: Request) -> dict[str, Any]:
        return bearer.claims_of(request.headers, self.settings.jwt_secret, self._authorization)

    def admin(self, request: Request) -> bearer.Caller:
        with self.connection() as conn:
            return bearer.require_admin(conn, self.claims(request))

    @staticmethod
    def client(request: Request) -> sessions.Client:
        return sessions.Client(user_agent=request.headers.get("User-Agent"),
                               ip=request.remote_addr)

    def session_response(self, conn: psycopg.Connection, user: dict, session_id: str,
                         refresh_token: str) -> dict[str, Any]:
        return sessions.session_response(conn, user, session_id, refresh_token,
                                         secret=self.settings.jwt_secret,
                                         issuer=self.settings.issuer)

    # -- unauthenticated -------------------------------------------------------------------
    def _settings(self) -> dict[str, Any]:
        external = {name: False for name in (
            "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "figma",
            "fly", "github", "gitlab", "google", "keycloak", "kakao", "linkedin",
            "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc", "workos", "twitch",
            "twitter", "zoom")}
        external.update(email=True, phone=self.settings.phone_enabled)
        return {"external": external, "disable_signup": False, "mailer_autoconfirm": True,
                "phone_autoconfirm": True, "sms_provider": "", "saml_enabled": False,
                "saml_private_key_next_configured": False, "passkeys_enabled": False}

    def _jwks(self) -> Response:
        response = self.json({"keys": []})  # HS256 only: GoTrue never publishes a secret key
        response.headers["Cache-Control"] = "public, max-age=600"
        return response

    @staticmethod
    def _health() -> dict[str, Any]:
        return {"version": VERSION, "name": "GoTrue",
                "description": "GoTrue-compatible local Auth service of the SAMIA-TAROT dev stack"}

    def close(self) -> None:
        self.db.close()
