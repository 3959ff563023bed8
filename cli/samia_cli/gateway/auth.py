"""Who is calling: Kong's apikey rule, then PostgREST's JWT checks
(specs/postgrest.md §0.1, §2.1)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt

from .errors import ApiError

# The Supabase CLI's published local keys (specs/postgrest.md §0.1). Kong swaps exactly these
# values for the legacy JWTs; any other `sb_...` value stays as it is and fails verification.
LOCAL_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"  # noqa: S105  (public dev key)

CLOCK_SKEW = 30  # seconds, as PostgREST allows for exp/nbf/iat
MIN_SECRET_LENGTH = 32  # PostgREST v13+ refuses shorter HS256 secrets

# Only signature and format are checked by PyJWT; the time claims are checked below so that
# their failures get PostgREST's own code (PGRST303) and messages.
_DECODE_OPTIONS: Any = {
    "verify_signature": True, "verify_exp": False, "verify_nbf": False, "verify_iat": False,
    "verify_aud": False, "verify_iss": False, "verify_sub": False, "verify_jti": False,
}


@dataclass(frozen=True)
class Identity:
    role: str
    claims: dict[str, Any]  # includes "role", as request.jwt.claims does
    authed: bool  # False for the anonymous role: 42501 is then 401 rather than 403


def _jwt_error(code: str, message: str) -> ApiError:
    header = f'Bearer error="invalid_token", error_description="{message}"'
    return ApiError(401, code, message, headers={"WWW-Authenticate": header})


class Authenticator:
    def __init__(self, secret: str, *, anon_role: str = "anon", anon_key: str | None = None,
                 service_key: str | None = None,
                 publishable_key: str | None = LOCAL_PUBLISHABLE_KEY,
                 secret_key: str | None = LOCAL_SECRET_KEY) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"the JWT secret must be at least {MIN_SECRET_LENGTH} characters")
        self._secret = secret
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
        token = _bearer_token(self.authorization(headers))
        if token is None:
            return Identity(self.anon_role, {"role": self.anon_role}, authed=False)
        claims = self._verify(token)
        role = claims.get("role", self.anon_role)
        if not isinstance(role, str) or not role:
            raise _jwt_error("PGRST303", "Parsing claims failed")
        return Identity(role, {**claims, "role": role}, authed=role != self.anon_role)

    def _verify(self, token: str) -> dict[str, Any]:
        if not token:
            raise _jwt_error("PGRST301", "Empty JWT is sent in Authorization header")
        parts = token.count(".") + 1
        if parts != 3:
            raise _jwt_error("PGRST301", f"Expected 3 parts in JWT; got {parts}")
        try:
            claims = jwt.decode(token, self._secret, algorithms=["HS256"],
                                options=_DECODE_OPTIONS)
        except jwt.InvalidAlgorithmError as exc:
            raise _jwt_error("PGRST301", "Wrong or unsupported encoding algorithm") from exc
        except jwt.InvalidSignatureError as exc:
            raise _jwt_error("PGRST301", "JWT cryptographic operation failed") from exc
        except jwt.PyJWTError as exc:
            raise _jwt_error("PGRST301", "Could not decode JWT") from exc
        _check_time_claims(claims)
        return claims


def _bearer_token(authorization: str | None) -> str | None:
    """The token of a Bearer header (scheme case-insensitive); None means anonymous."""
    if not authorization:
        return None
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None  # PostgREST ignores other schemes: the request is anonymous
    return rest.strip()


def _check_time_claims(claims: dict[str, Any]) -> None:
    now = time.time()
    checks = (
        ("exp", lambda v: now - CLOCK_SKEW > v, "JWT expired"),
        ("nbf", lambda v: now + CLOCK_SKEW < v, "JWT not yet valid"),
        ("iat", lambda v: now + CLOCK_SKEW < v, "JWT issued at future"),
    )
    for name, failed, message in checks:
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _jwt_error("PGRST303", "Parsing claims failed")
        if failed(value):
            raise _jwt_error("PGRST303", message)
