"""Who is calling: Kong's apikey rule, then PostgREST's JWT checks (samia_functions.postgrest.jwt,
shared with the deployed functions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samia_functions.postgrest.jwt import ANON_ROLE, MIN_SECRET_LENGTH, TokenCache, bearer_token

# The Supabase CLI's published local keys. Kong swaps exactly these values for the legacy JWTs;
# any other `sb_...` value stays as it is and fails verification.
LOCAL_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"  # noqa: S105  (public dev key)


@dataclass(frozen=True)
class Identity:
    role: str
    claims: dict[str, Any]  # includes "role", as request.jwt.claims does
    authed: bool  # False for the anonymous role: 42501 is then 401 rather than 403
    token: str | None = None  # the verified bearer token the claims were read from


class Authenticator:
    def __init__(self, secret: str, *, anon_role: str = ANON_ROLE, anon_key: str | None = None,
                 service_key: str | None = None,
                 publishable_key: str | None = LOCAL_PUBLISHABLE_KEY,
                 secret_key: str | None = LOCAL_SECRET_KEY) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"the JWT secret must be at least {MIN_SECRET_LENGTH} characters")
        self._tokens = TokenCache(secret, anon_role)
        self.anon_role = anon_role
        self._swaps: dict[str, str] = {}
        if secret_key and service_key:
            self._swaps[secret_key] = service_key
        if publishable_key and anon_key:
            self._swaps[publishable_key] = anon_key

    def authorization(self, headers: Any) -> str | None:
        """The Authorization value Kong forwards: a real bearer wins, else the apikey."""
        authorization = headers.get("Authorization")
        if authorization and not authorization.startswith("Bearer sb_"):
            return authorization
        apikey = headers.get("apikey") or (authorization[len("Bearer "):]
                                           if authorization else None)
        if not apikey:
            return None
        return f"Bearer {self._swaps.get(apikey, apikey)}"

    def identify(self, headers: Any) -> Identity:
        token = bearer_token(self.authorization(headers))
        if token is None:  # no Bearer header at all: PostgREST serves the anonymous role
            return Identity(self.anon_role, {"role": self.anon_role}, authed=False)
        claims = self._tokens.verify(token)
        return Identity(claims["role"], claims, authed=claims["role"] != self.anon_role,
                        token=token)
