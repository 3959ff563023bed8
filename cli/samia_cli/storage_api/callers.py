"""Who is calling Storage: the bearer (or apikey) checked by the gateway's Authenticator, so the
`sb_publishable_`/`sb_secret_` keys map exactly as for REST, and one JWT check serves both."""

from __future__ import annotations

from werkzeug.wrappers import Request

from samia_cli.gateway.auth import Authenticator, Identity
from samia_functions.postgrest.errors import ApiError
from samia_functions.postgrest.jwt import bearer_token

from . import errors
from .session import Caller


class Callers:
    """Identities through the gateway's Authenticator (so `sb_` keys map as for REST)."""

    def __init__(self, auth: Authenticator) -> None:
        self.auth = auth

    def __call__(self, request: Request, path: str, *, required: bool) -> Caller | None:
        """The caller; None for no or a bad token when not `required` (Storage then serves
        public buckets only); AccessDenied for a bad token when `required`."""
        token = bearer_token(self.auth.authorization(request.headers))
        identity: Identity | None = None
        try:
            identity = self.auth.identify(request.headers) if token else None
        except ApiError as exc:
            if required:
                raise errors.access_denied(exc.message) from exc
        if identity is None and required:
            raise errors.access_denied("No authorization token was provided")
        if identity is None:
            return None
        headers = {k.lower(): v for k, v in request.headers.items()
                   if k.lower() not in ("authorization", "apikey", "cookie")}
        return Caller(identity, token, request.method, path, headers)

    def nobody(self, request: Request, path: str) -> Caller:
        """For routes that need no token (public objects, signed URLs): the anonymous role."""
        identity = Identity(self.auth.anon_role, {"role": self.auth.anon_role}, authed=False)
        return Caller(identity, None, request.method, path, {})
