"""Request headers that shape an RPC call: Accept, Prefer and the schema profile."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.wrappers import Request

from samia_functions.postgrest.errors import ApiError

from .query import bounded_int

OBJECT_TYPE = "application/vnd.pgrst.object+json"
ARRAY_TYPE = "application/vnd.pgrst.array+json"
_PLAIN = {"application/json", "application/*", "*/*", ""}


CSV_TYPE = "text/csv"
_INTEGER = re.compile(r"-?[0-9]+")
# every Prefer value PostgREST recognises; `timezone=` and `max-affected=` are checked apart
KNOWN_PREFERENCES = {
    "resolution=merge-duplicates", "resolution=ignore-duplicates", "return=representation",
    "return=minimal", "return=headers-only", "count=exact",
    "count=planned", "count=estimated", "tx=commit", "tx=rollback", "missing=default",
    "missing=null", "handling=strict", "handling=lenient",
}


@dataclass(frozen=True)
class Representation:
    singular: bool
    strip_nulls: bool
    content_type: str
    csv: bool = False


@functools.lru_cache(maxsize=256)
def representation(accept: str | None) -> Representation:
    """The most preferred acceptable media type of Accept (by q, then order), else PGRST107.
    `.explain()`'s plan media types are refused too: PostgREST serves plans only with
    db-plan-enabled, off on Supabase."""
    for media, params in _by_quality(accept or ""):
        strip = "nulls=stripped" in params
        if media in _PLAIN:
            return Representation(False, False, "application/json; charset=utf-8")
        if media in (OBJECT_TYPE, "application/vnd.pgrst.object"):
            suffix = "; nulls=stripped" if strip else ""
            return Representation(True, strip, f"{OBJECT_TYPE}{suffix}; charset=utf-8")
        if media == ARRAY_TYPE:
            suffix = "; nulls=stripped" if strip else ""
            return Representation(False, strip, f"{ARRAY_TYPE}{suffix}; charset=utf-8")
        if media == CSV_TYPE:
            return Representation(False, False, "text/csv; charset=utf-8", csv=True)
    raise ApiError(406, "PGRST107", f"None of these media types are available: {accept}")


def _by_quality(accept: str) -> list[tuple[str, list[str]]]:
    """(media type, other parameters) of each Accept item, best first; q=0 means "not this"."""
    ranked = []
    for item in accept.split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, len(ranked), media, params))
    return [(media, params) for _, _, media, params in sorted(ranked)]


@dataclass(frozen=True)
class Preferences:
    """What `Prefer` asked for, read as PostgREST reads it: the first value of each kind wins,
    `max-affected` counts only with `handling=strict`, and a `timezone` must be one the
    database knows (`valid_timezone`)."""

    count: str | None = None  # "exact", "planned" or "estimated"
    strict: bool = False
    handling: str | None = None
    max_affected: int | None = None
    timezone: str | None = None
    invalid: tuple[str, ...] = ()

    def applied(self) -> str | None:
        """The Preference-Applied header of an RPC answer."""
        values = []
        if self.count:
            values.append(f"count={self.count}")
        if self.handling:
            values.append(f"handling={self.handling}")
        if self.timezone:
            values.append(f"timezone={self.timezone}")
        if self.strict and self.max_affected is not None:
            values.append(f"max-affected={self.max_affected}")
        return ", ".join(values) or None


def preferences(request: Request, valid_timezone: Callable[[str], bool]) -> Preferences:
    """`Prefer: count=exact, handling=strict` (possibly repeated). With handling=strict an
    unknown value is PGRST122; otherwise it is ignored, as PostgREST does."""
    # one header: the server joins repeated ones with commas, as WSGI asks
    items = [item.strip() for item in request.headers.get("Prefer", "").split(",")
             if item.strip()]

    def first(prefix: str, allowed: tuple[str, ...] | None = None) -> str | None:
        for item in items:
            if item.startswith(prefix):
                value = item[len(prefix):]
                if allowed is None or value in allowed:
                    return value
        return None

    handling = first("handling=", ("strict", "lenient"))
    zone = first("timezone=")
    zone_ok = zone is not None and valid_timezone(zone)
    affected = first("max-affected=")
    # PostgREST also lets an unreadable max-affected pass unnoticed; under strict handling
    # the gateway refuses it, so a caller never believes a limit holds that does not
    invalid = tuple(item for item in items
                    if item not in KNOWN_PREFERENCES
                    and not (item.startswith("max-affected=")
                             and _INTEGER.fullmatch(item.removeprefix("max-affected=")))
                    and not (item.startswith("timezone=") and zone_ok))
    prefs = Preferences(
        count=first("count=", ("exact", "planned", "estimated")),
        strict=handling == "strict", handling=handling,
        max_affected=bounded_int(affected) if affected and _INTEGER.fullmatch(affected) else None,
        timezone=zone if zone_ok else None, invalid=invalid)
    if prefs.strict and invalid:
        raise ApiError(400, "PGRST122", "Invalid preferences given with handling=strict",
                       f"Invalid preferences: {', '.join(invalid)}")
    return prefs


def _profile_header(request: Request) -> str:
    return "Accept-Profile" if request.method in ("GET", "HEAD") else "Content-Profile"


def profile_requested(request: Request) -> bool:
    return bool(request.headers.get(_profile_header(request)))


def schema(request: Request, exposed: list[str]) -> str:
    """Accept-Profile for reads, Content-Profile for writes; absent = the first exposed schema."""
    wanted = request.headers.get(_profile_header(request))
    if not wanted:
        return exposed[0]
    if wanted not in exposed:
        raise ApiError(406, "PGRST106",
                       f"The schema must be one of the following: {', '.join(exposed)}")
    return wanted
