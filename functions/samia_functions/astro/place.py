"""Where a client was born: coordinates, or a city of the gazetteer by id or by name."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import AppError
from .gazetteer import City, get_gazetteer

BAD_PLACE = "ASTPL"  # [400] no usable place: neither coordinates nor a city, or out of range
UNKNOWN_CITY = "ASTCU"  # [400] no city of the gazetteer has that name (or id)
AMBIGUOUS_CITY = "ASTAM"  # [400] several cities have that name; details.choices lists them

# A name resolves to its most populous city when that city is at least this many times larger
# than the next one ("London" is London, England); otherwise the client picks from the choices.
DOMINANT_POPULATION_RATIO = 10
MAX_CHOICES = 10


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str | None  # the city's name, or None for bare coordinates
    city_id: int | None

    def as_json(self) -> dict[str, object]:
        return {"latitude": self.latitude, "longitude": self.longitude, "label": self.label,
                "city_id": self.city_id}


def _bad(message: str, **detail: Any) -> AppError:
    return AppError(BAD_PLACE, message, 400, detail=detail or None,
                    hint='Send "place": {"latitude", "longitude"}, {"city"[, "country"]} '
                         'or {"city_id"}.')


def _coordinate(value: Any, name: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or abs(value) > limit:
        raise _bad(f"{name} must be a number from -{limit:g} to {limit:g}", field=name)
    return float(value)


def _from_city(city: City) -> Place:
    return Place(city.latitude, city.longitude, city.name, city.id)


def resolve_place(place: Any) -> Place:
    """The coordinates of the place the client gave; raises ASTPL, ASTCU or ASTAM."""
    if not isinstance(place, dict):
        raise _bad("place must be an object")
    if "latitude" in place or "longitude" in place:
        return Place(_coordinate(place.get("latitude"), "latitude", 90.0),
                     _coordinate(place.get("longitude"), "longitude", 180.0), None, None)
    if "city_id" in place:
        city_id = place["city_id"]
        if isinstance(city_id, bool) or not isinstance(city_id, int):
            raise _bad("city_id must be an integer", field="city_id")
        city = get_gazetteer().get(city_id)
        if city is None:
            raise AppError(UNKNOWN_CITY, f"No city with id {city_id}", 400,
                           detail={"city_id": city_id}, hint="Pick a city_id from the choices.")
        return _from_city(city)
    name, country = place.get("city"), place.get("country")
    if not isinstance(name, str) or not name.strip():
        raise _bad("city must be a non-empty name", field="city")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise _bad("country must be an ISO 3166-1 alpha-2 code", field="country")
    matches = get_gazetteer().find(name, country)
    if not matches:
        raise AppError(UNKNOWN_CITY, f"No city named {name!r}", 400,
                       detail={"city": name, "country": country},
                       hint="Check the spelling, or send the coordinates.")
    if len(matches) == 1 or \
            matches[0].population >= DOMINANT_POPULATION_RATIO * matches[1].population:
        return _from_city(matches[0])
    raise AppError(AMBIGUOUS_CITY, f"Several cities are named {name!r}", 400,
                   detail={"choices": [c.as_choice() for c in matches[:MAX_CHOICES]]},
                   hint="Send the chosen city_id, or add the country.")
