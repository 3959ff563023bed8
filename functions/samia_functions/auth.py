"""Who is calling: the Supabase JWT from `Authorization: Bearer`, verified like PostgREST."""

from __future__ import annotations

from typing import Any

import jwt
from flask import Request

from .errors import AUTH_REQUIRED, JWT_CLAIMS_INVALID, JWT_INVALID, AppError
from .settings import get_settings

CLOCK_SKEW_SECONDS = 30  # leeway for exp/nbf/iat, as PostgREST allows
ANON_ROLE = "anon"

# Supabase access tokens carry aud "authenticated" and the API keys none; PostgREST checks the
# audience only when one is configured, and Supabase configures none, so neither do we.
_DECODE_OPTIONS: Any = {"verify_aud": False}


def _unauthorized(code: str, message: str) -> AppError:
    header = f'Bearer error="invalid_token", error_description="{message}"'
    return AppError(code, message, 401, headers={"WWW-Authenticate": header})


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def verify_token(token: str, secret: str) -> dict[str, Any]:
    """The claims of an HS256 token signed with `secret`; AppError 401 otherwise."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], leeway=CLOCK_SKEW_SECONDS,
                            options=_DECODE_OPTIONS)
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized(JWT_CLAIMS_INVALID, "JWT expired") from exc
    except jwt.ImmatureSignatureError as exc:  # nbf or iat in the future
        raise _unauthorized(JWT_CLAIMS_INVALID, "JWT not yet valid") from exc
    except jwt.InvalidIssuedAtError as exc:
        raise _unauthorized(JWT_CLAIMS_INVALID, "Parsing claims failed") from exc
    except jwt.InvalidSignatureError as exc:
        raise _unauthorized(JWT_INVALID, "JWT cryptographic operation failed") from exc
    except jwt.InvalidAlgorithmError as exc:
        raise _unauthorized(JWT_INVALID, "Wrong or unsupported encoding algorithm") from exc
    except jwt.PyJWTError as exc:
        raise _unauthorized(JWT_INVALID, "Could not decode JWT") from exc
    role = claims.get("role", ANON_ROLE)
    if not isinstance(role, str) or not role:
        raise _unauthorized(JWT_CLAIMS_INVALID, "Parsing claims failed")
    return {**claims, "role": role}


def authenticate(request: Request) -> dict[str, Any]:
    """Verified claims of a signed-in caller (any role but anon), for `db.as_user`.

    The anon key is a valid token but names nobody, so it is refused like no token at all.
    Which role may do what is then up to the database (grants, RLS, RPC checks).
    """
    secret = get_settings().jwt_secret  # a misconfigured function says so before anything else
    token = bearer_token(request)
    if token is None:
        raise _unauthorized(AUTH_REQUIRED, "Sign in first: no bearer token was sent")
    claims = verify_token(token, secret)
    if claims["role"] == ANON_ROLE:
        raise _unauthorized(AUTH_REQUIRED, "Sign in first: the anon key names no user")
    return claims
