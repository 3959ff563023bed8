"""create_astro_order: read the birth data, find the place and its time zone, compute the
chart, and create the order in one transaction: app.begin_astro_order as the caller (which
clients may order and how often is the database's decision), then app.attach_astro_chart as the
platform, so the stored chart is always the one computed here. This module only validates the
input's form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from psycopg.types.json import Jsonb

from .. import db
from ..errors import BAD_REQUEST, AppError
from .birth_moment import birth_moment, time_zone_at
from .chart import compute_chart
from .place import Place, resolve_place

# A birth before 1900 (ASTDT too) or in the future (ASTFU) is refused by the database
# (app.order_astro_validate), the one home of those rules.
BAD_DATE = "ASTDT"  # [400] the birth date is not a real YYYY-MM-DD date
BAD_TIME = "ASTTM"  # [400] the birth time is neither HH:MM[:SS] nor "unknown"

UNKNOWN_TIME = "unknown"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
_BEGIN = "select app.begin_astro_order(%(question)s)"
_ATTACH = ("select app.attach_astro_chart(%(order_id)s, %(birth_date)s, %(birth_time)s, "
           "%(latitude)s, %(longitude)s, %(place_label)s, %(time_zone)s, %(chart)s)")


@dataclass(frozen=True)
class AstroRequest:
    birth_date: date
    birth_time: time | None
    place: Place
    question: str | None


def _birth_date(value: Any) -> date:
    hint = "Send the birth date as YYYY-MM-DD."
    if not isinstance(value, str) or not _DATE.match(value):
        raise AppError(BAD_DATE, "birth_date must be YYYY-MM-DD", 400, hint=hint,
                       detail={"field": "birth_date"})
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise AppError(BAD_DATE, f"{value} is not a date", 400, hint=hint,
                       detail={"field": "birth_date", "value": value}) from None
    return parsed


def _birth_time(value: Any) -> time | None:
    if value == UNKNOWN_TIME:
        return None
    if isinstance(value, str) and _TIME.match(value):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise AppError(BAD_TIME, 'birth_time must be HH:MM, HH:MM:SS or "unknown"', 400,
                   detail={"field": "birth_time"},
                   hint='Send the local clock time of the birth, or "unknown".')


def parse(body: dict[str, Any]) -> AstroRequest:
    """{"birth_date", "birth_time", "place", "question"?}; raises the ASTxx codes."""
    question = body.get("question")
    if question is not None and not isinstance(question, str):
        raise AppError(BAD_REQUEST, '"question" must be a string', 400,
                       detail={"field": "question"})
    return AstroRequest(_birth_date(body.get("birth_date")), _birth_time(body.get("birth_time")),
                        resolve_place(body.get("place")), question)


def create(claims: dict[str, Any], body: dict[str, Any]) -> Any:
    """Create the caller's astro order with its chart; returns the RPC's answer."""
    request = parse(body)
    place = request.place
    try:
        moment = birth_moment(request.birth_date, request.birth_time,
                              time_zone_at(place.latitude, place.longitude))
    except OverflowError:  # year 1 or 9999 pushed out of datetime's range by the UTC offset
        raise AppError(BAD_DATE, "The birth date is out of range", 400,
                       detail={"field": "birth_date", "value": request.birth_date.isoformat()},
                       hint="Send a real birth date.") from None
    chart = compute_chart(moment.utc, place.latitude, place.longitude, moment.time_known)
    chart["birth"] = moment.as_json()
    chart["place"] = place.as_json()
    params = {"birth_date": request.birth_date, "birth_time": request.birth_time,
              "latitude": place.latitude, "longitude": place.longitude,
              "place_label": place.label, "time_zone": moment.time_zone,
              "chart": Jsonb(chart), "question": request.question}
    with db.as_user(claims) as conn:
        order = conn.execute(_BEGIN, params).fetchone()[0]
        with db.elevated_to_service(conn, claims):
            astro = conn.execute(_ATTACH, {**params, "order_id": order["id"]}).fetchone()[0]
    return {**order, "astro": astro}
