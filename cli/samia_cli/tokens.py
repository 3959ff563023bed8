"""HS256 JWTs with the claims Supabase Auth issues, for the local stack and tests.

This is the one place that decides what an access token carries: the local Auth service
(`samia_cli.gotrue`), `samia users create`, `samia token` and the test fixtures all sign here.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import jwt

# The Supabase CLI's legacy local API keys are JWTs with exactly this payload, so ours match.
API_KEY_ISSUER = "supabase-demo"
API_KEY_EXPIRY = 1983812996
ACCESS_TOKEN_TTL = 3600  # GoTrue's default jwt_expiry, and the CLI's


def api_key(secret: str, role: str) -> str:
    """The legacy `anon` / `service_role` API key: a long-lived JWT naming only the role."""
    payload = {"iss": API_KEY_ISSUER, "role": role, "exp": API_KEY_EXPIRY}
    return jwt.encode(payload, secret, algorithm="HS256")


@dataclass(frozen=True)
class AuthUser:
    id: str
    email: str | None
    phone: str | None = None
    app_metadata: dict | None = None
    user_metadata: dict | None = None
    role: str = "authenticated"
    is_anonymous: bool = False


@dataclass(frozen=True)
class SessionClaims:
    """What a token says about its session: the `auth.sessions` id, the assurance level and
    the sign-in methods (`auth.mfa_amr_claims`, newest first, as unix seconds)."""
    session_id: str
    amr: list[dict] = field(default_factory=list)
    aal: str = "aal1"


def access_token_claims(user: AuthUser, session: SessionClaims, *, issuer: str, now: int,
                        ttl_seconds: int = ACCESS_TOKEN_TTL) -> dict:
    """GoTrue's access-token claims, in its order: `aud` a plain string, `email`/`phone`
    always present ("" when absent), `is_anonymous` always present, no `nbf`/`jti`."""
    claims = {
        "aud": "authenticated",
        "exp": now + ttl_seconds,
        "iat": now,
        "iss": issuer,
        "sub": user.id,
        "email": user.email or "",
        "phone": user.phone or "",
        "app_metadata": user.app_metadata or {},
        "user_metadata": user.user_metadata or {},
        "role": user.role,
        "aal": session.aal,
        "amr": session.amr,
        "session_id": session.session_id,
        "is_anonymous": user.is_anonymous,
    }
    if not issuer:  # GoTrue leaves the claim out when no issuer is configured
        del claims["iss"]
    return claims


def user_token(secret: str, user: AuthUser, *, issuer: str, ttl_seconds: int = ACCESS_TOKEN_TTL,
               session: SessionClaims | None = None, now: int | None = None) -> str:
    """An access token shaped like Supabase Auth's. Without a session (tests that only call
    the REST API) it names a random session id, which the local Auth service would refuse."""
    session = session or SessionClaims(session_id=str(uuid.uuid4()))
    claims = access_token_claims(user, session, issuer=issuer,
                                 now=int(time.time()) if now is None else now,
                                 ttl_seconds=ttl_seconds)
    return jwt.encode(claims, secret, algorithm="HS256")
