"""Signed URL tokens as Storage makes them: HS256 JWTs signed with the project's JWT secret.
Download tokens carry `url` (`<bucket>/<key>`), `scope: "download"`, `iat` and `exp`; upload
tokens add the signer as `owner` and whether the upload may replace (`upsert`)."""

from __future__ import annotations

import time
from typing import Any

import jwt

from . import errors

DOWNLOAD = "download"
UPLOAD = "upload"
UPLOAD_URL_SECONDS = 7200  # the Supabase CLI's signed upload URL lifetime


class Signer:
    def __init__(self, secret: str) -> None:
        self._secret = secret

    def sign_download(self, url: str, expires_in: int) -> str:
        now = int(time.time())
        return jwt.encode({"url": url, "scope": DOWNLOAD, "iat": now, "exp": now + expires_in},
                          self._secret, algorithm="HS256")

    def sign_upload(self, url: str, owner: str | None, upsert: bool) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {"owner": owner, "url": url, "upsert": upsert, "scope": UPLOAD,
                                  "iat": now, "exp": now + UPLOAD_URL_SECONDS}
        if owner is None:
            del claims["owner"]
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str | None, url: str, scope: str) -> dict[str, Any]:
        """The claims of a token for exactly this `<bucket>/<key>` and scope; else InvalidJWT
        (bad, expired or wrongly scoped token) or InvalidSignature (another object)."""
        if not token:
            raise errors.invalid_jwt("jwt must be provided")
        try:
            # no audience check, as Storage makes none: a user's session token (aud
            # "authenticated") is then refused for its missing url, as on Supabase
            claims = jwt.decode(token, self._secret, algorithms=["HS256"],
                                options={"require": ["exp"], "verify_aud": False})
        except jwt.PyJWTError as exc:
            raise errors.invalid_jwt(str(exc)) from exc
        token_scope = claims.get("scope")
        legacy = token_scope is None and (scope == UPLOAD) == ("upsert" in claims)
        if token_scope != scope and not legacy:
            raise errors.invalid_jwt(f"Token is not scoped for {scope}")
        if claims.get("url") != url:
            raise errors.invalid_signature()
        return claims
