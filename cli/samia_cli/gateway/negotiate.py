"""Request headers that shape an RPC call: Accept, Prefer and the schema profile."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

from samia_functions.postgrest.errors import ApiError

OBJECT_TYPE = "application/vnd.pgrst.object+json"
ARRAY_TYPE = "application/vnd.pgrst.array+json"
_PLAIN = {"application/json", "application/*", "*/*", ""}


@dataclass(frozen=True)
class Representation:
    singular: bool
    strip_nulls: bool
    content_type: str


def representation(accept: str | None) -> Representation:
    """The first acceptable media type of Accept, else PGRST107."""
    for item in (accept or "").split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        strip = "nulls=stripped" in params
        if media in _PLAIN:
            return Representation(False, False, "application/json; charset=utf-8")
        if media in (OBJECT_TYPE, "application/vnd.pgrst.object"):
            suffix = "; nulls=stripped" if strip else ""
            return Representation(True, strip, f"{OBJECT_TYPE}{suffix}; charset=utf-8")
        if media == ARRAY_TYPE:
            suffix = "; nulls=stripped" if strip else ""
            return Representation(False, strip, f"{ARRAY_TYPE}{suffix}; charset=utf-8")
    raise ApiError(406, "PGRST107", f"None of these media types are available: {accept}")


def preferences(request: Request) -> dict[str, str]:
    """`Prefer: count=exact, return=minimal` (possibly repeated) as a dict."""
    prefs: dict[str, str] = {}
    for header in request.headers.getlist("Prefer"):
        for item in header.split(","):
            key, _, value = item.strip().partition("=")
            if key:
                prefs[key.lower()] = value.strip()
    return prefs


def schema(request: Request, exposed: list[str]) -> str:
    """Accept-Profile for reads, Content-Profile for writes; absent = the first exposed schema."""
    header = "Accept-Profile" if request.method in ("GET", "HEAD") else "Content-Profile"
    wanted = request.headers.get(header)
    if not wanted:
        return exposed[0]
    if wanted not in exposed:
        raise ApiError(406, "PGRST106",
                       f"The schema must be one of the following: {', '.join(exposed)}")
    return wanted
