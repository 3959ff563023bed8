"""Bearer tokens checked as PostgREST checks them: HS256 with the project's JWT secret, time
claims with 30 s of skew, the role from the `role` claim (else the anonymous role)."""

from __future__ import annotations

import threading
import time
from typing import Any

import jwt

from .errors import ApiError

CLOCK_SKEW_SECONDS = 30
MIN_SECRET_LENGTH = 32  # PostgREST refuses to start with a shorter HS256 secret
ANON_ROLE = "anon"

# PyJWT checks only the signature and the format; the time claims are checked below so that
# their failures get PostgREST's code (PGRST303) and messages, and so that a claim that is not
# a number is refused rather than read. No audience check: Supabase configures none.
_DECODE_OPTIONS: Any = {
    "verify_signature": True, "verify_exp": False, "verify_nbf": False, "verify_iat": False,
    "verify_aud": False, "verify_iss": False, "verify_sub": False, "verify_jti": False,
}


def jwt_error(code: str, message: str) -> ApiError:
    """401 with the WWW-Authenticate header PostgREST sends for a rejected token."""
    header = f'Bearer error="invalid_token", error_description="{message}"'
    return ApiError(401, code, message, headers={"WWW-Authenticate": header})


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (scheme case-insensitive).

    None when there is no Bearer header at all (PostgREST: an anonymous request); "" when the
    scheme is there but the token is not.
    """
    if not authorization:
        return None
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return rest.strip()


def verify(token: str, secret: str, anon_role: str = ANON_ROLE) -> dict[str, Any]:
    """The token's claims with `role` filled in; ApiError 401 PGRST301/PGRST303 otherwise."""
    return _checked(_decode(token, secret), anon_role)


class TokenCache:
    """`verify` that remembers the claims of tokens whose signature it checked, as PostgREST's
    JWT cache does: a client sends the same token with every request. The time claims and the
    role are still checked on every use; refused tokens are not kept."""

    def __init__(self, secret: str, anon_role: str = ANON_ROLE, max_entries: int = 1000) -> None:
        self._secret = secret
        self._anon_role = anon_role
        self._max_entries = max_entries
        self._claims: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def verify(self, token: str) -> dict[str, Any]:
        claims = self._claims.get(token)
        if claims is None:
            claims = _decode(token, self._secret)
            with self._lock:
                if len(self._claims) >= self._max_entries:
                    del self._claims[next(iter(self._claims))]  # the oldest
                self._claims[token] = claims
        return _checked(claims, self._anon_role)


def _decode(token: str, secret: str) -> dict[str, Any]:
    """Format and signature: the claims, or ApiError 401 PGRST301."""
    if not token:
        raise jwt_error("PGRST301", "Empty JWT is sent in Authorization header")
    parts = token.count(".") + 1
    if parts != 3:
        raise jwt_error("PGRST301", f"Expected 3 parts in JWT; got {parts}")
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options=_DECODE_OPTIONS)
    except jwt.InvalidAlgorithmError as exc:
        raise jwt_error("PGRST301", "Wrong or unsupported encoding algorithm") from exc
    except jwt.InvalidSignatureError as exc:
        raise jwt_error("PGRST301", "JWT cryptographic operation failed") from exc
    except jwt.PyJWTError as exc:
        raise jwt_error("PGRST301", "Could not decode JWT") from exc
    return claims


def _checked(claims: dict[str, Any], anon_role: str) -> dict[str, Any]:
    """Time claims and role of decoded claims: them with `role` filled in, or PGRST303."""
    _check_time_claims(claims)
    role = claims.get("role", anon_role)
    if not isinstance(role, str) or not role:
        raise jwt_error("PGRST303", "Parsing claims failed")
    return {**claims, "role": role}


def _check_time_claims(claims: dict[str, Any]) -> None:
    now = time.time()
    checks = (
        ("exp", lambda v: now - CLOCK_SKEW_SECONDS > v, "JWT expired"),
        ("nbf", lambda v: now + CLOCK_SKEW_SECONDS < v, "JWT not yet valid"),
        ("iat", lambda v: now + CLOCK_SKEW_SECONDS < v, "JWT issued at future"),
    )
    for name, failed, message in checks:
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise jwt_error("PGRST303", "Parsing claims failed")
        if failed(value):
            raise jwt_error("PGRST303", message)
