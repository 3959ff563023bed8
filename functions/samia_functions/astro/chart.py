"""The natal chart, computed with ephem (libastro, MIT).

Method (docs/astro.md explains the choices):
- positions are apparent geocentric ecliptic longitudes and latitudes of date, tropical zodiac;
- the lunar node is the mean ascending node (Meeus, Astronomical Algorithms, formula 47.7);
- the ascendant and MC come from ephem's apparent local sidereal time and its obliquity of date;
- houses are whole-sign houses: the ascendant's sign is the first house, each next sign the next;
- aspects are the five major ones with the orbs of ASPECTS, between the ten planets.
With the time unknown there is no ascendant, MC or house, and the Moon is flagged approximate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import ephem

PLANETS: tuple[tuple[str, type], ...] = (
    ("sun", ephem.Sun), ("moon", ephem.Moon), ("mercury", ephem.Mercury),
    ("venus", ephem.Venus), ("mars", ephem.Mars), ("jupiter", ephem.Jupiter),
    ("saturn", ephem.Saturn), ("uranus", ephem.Uranus), ("neptune", ephem.Neptune),
    ("pluto", ephem.Pluto),
)
NODE = "north_node"
ZODIAC_SIGN_DEGREES = 30.0


@dataclass(frozen=True)
class Aspect:
    code: str
    angle: float
    orb: float  # the largest distance from the exact angle that still counts


ASPECTS: tuple[Aspect, ...] = (
    Aspect("conjunction", 0.0, 8.0),
    Aspect("sextile", 60.0, 5.0),
    Aspect("square", 90.0, 7.0),
    Aspect("trine", 120.0, 7.0),
    Aspect("opposition", 180.0, 8.0),
)

_J2000_JD = 2451545.0
_JULIAN_CENTURY_DAYS = 36525.0
_DUBLIN_JD = 2415020.0  # ephem counts days from 1899 December 31 12:00 (Dublin Julian Date)
_SECONDS_PER_DAY = 86400.0


def _norm(degrees: float) -> float:
    return degrees % 360.0


def ecliptic_of_date(body: ephem.Body, when: ephem.Date) -> tuple[float, float]:
    """Apparent geocentric ecliptic longitude and latitude of date, in degrees."""
    body.compute(when, epoch=when)
    ecl = ephem.Ecliptic(ephem.Equatorial(body.g_ra, body.g_dec, epoch=when), epoch=when)
    return _norm(math.degrees(ecl.lon)), math.degrees(ecl.lat)


def julian_centuries_tt(when: ephem.Date) -> float:
    """Julian centuries of Terrestrial Time since J2000.0 (ephem's own Delta T)."""
    jd_ut = float(when) + _DUBLIN_JD
    jd_tt = jd_ut + ephem.delta_t(when) / _SECONDS_PER_DAY
    return (jd_tt - _J2000_JD) / _JULIAN_CENTURY_DAYS


def mean_lunar_node(when: ephem.Date) -> float:
    """Longitude of the Moon's mean ascending node, mean equinox of date (Meeus 47.7)."""
    t = julian_centuries_tt(when)
    return _norm(125.0445479 - 1934.1362891 * t + 0.0020754 * t**2 + t**3 / 467441
                 - t**4 / 60616000)


def obliquity_of_date(when: ephem.Date) -> float:
    """ephem's obliquity of the ecliptic of date (the declination of the 90-degree point), in
    radians, so the angles use the same frame as the planets."""
    return float(ephem.Equatorial(ephem.Ecliptic(math.pi / 2, 0, epoch=when), epoch=when).dec)


def angles(when: ephem.Date, latitude: float, longitude: float) -> tuple[float, float]:
    """(ascendant, midheaven) ecliptic longitudes in degrees for a place and moment."""
    observer = ephem.Observer()
    observer.lat, observer.lon = math.radians(latitude), math.radians(longitude)
    observer.date = when
    ramc = float(observer.sidereal_time())  # apparent local sidereal time, radians
    eps = obliquity_of_date(when)
    mc = math.atan2(math.sin(ramc), math.cos(ramc) * math.cos(eps))
    asc = math.atan2(math.cos(ramc), -(math.sin(ramc) * math.cos(eps)
                                       + math.tan(math.radians(latitude)) * math.sin(eps)))
    return _norm(math.degrees(asc)), _norm(math.degrees(mc))


def sign_index(longitude: float) -> int:
    """0 for the first 30 degrees (Aries) up to 11 (Pisces)."""
    return int(_norm(longitude) // ZODIAC_SIGN_DEGREES)


def find_aspects(longitudes: dict[str, float]) -> list[dict[str, object]]:
    """Every major aspect within its orb between two of the given points, tightest first."""
    found = []
    names = list(longitudes)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            separation = abs(longitudes[first] - longitudes[second]) % 360.0
            separation = min(separation, 360.0 - separation)
            for aspect in ASPECTS:
                distance = abs(separation - aspect.angle)
                if distance <= aspect.orb:
                    found.append({"first": first, "second": second, "aspect": aspect.code,
                                  "angle": aspect.angle, "orb": round(distance, 4),
                                  "max_orb": aspect.orb,
                                  "strength": round(1 - distance / aspect.orb, 4)})
    return sorted(found, key=lambda a: (-a["strength"], a["first"], a["second"]))


def compute_chart(utc: datetime, latitude: float, longitude: float,
                  time_known: bool) -> dict[str, object]:
    """The natal chart for a UTC moment (naive or aware) at a place, as stored on the order."""
    when = ephem.Date(utc.replace(tzinfo=None))
    day_later = ephem.Date(when + 1)
    bodies = []
    longitudes: dict[str, float] = {}
    for code, make in PLANETS:
        lon, lat = ecliptic_of_date(make(), when)
        later, _ = ecliptic_of_date(make(), day_later)
        speed = (later - lon + 180.0) % 360.0 - 180.0  # degrees a day, signed
        longitudes[code] = lon
        bodies.append({"body": code, "longitude": round(lon, 6), "latitude": round(lat, 6),
                       "speed": round(speed, 6), "retrograde": speed < 0,
                       "approximate": code == "moon" and not time_known})
    node = mean_lunar_node(when)
    bodies.append({"body": NODE, "longitude": round(node, 6), "latitude": 0.0,
                   "speed": round(-1934.1362891 / _JULIAN_CENTURY_DAYS, 6), "retrograde": True,
                   "approximate": False})
    chart: dict[str, object] = {
        "method": {"zodiac": "tropical", "frame": "apparent geocentric ecliptic of date",
                   "ephemeris": f"ephem {ephem.__version__}", "node": "mean",
                   "houses": "whole_sign" if time_known else None,
                   "orbs": {a.code: a.orb for a in ASPECTS}},
        "time_known": time_known,
        "bodies": bodies,
        "aspects": find_aspects(longitudes),
        "angles": None,
        "houses": None,
    }
    if time_known:
        asc, mc = angles(when, latitude, longitude)
        first = sign_index(asc)
        for body in bodies:
            body["house"] = (sign_index(float(body["longitude"])) - first) % 12 + 1
        chart["angles"] = {
            "ascendant": {"longitude": round(asc, 6), "house": 1},
            "midheaven": {"longitude": round(mc, 6), "house": (sign_index(mc) - first) % 12 + 1},
        }
        chart["houses"] = [{"house": n + 1, "cusp": ((first + n) % 12) * ZODIAC_SIGN_DEGREES}
                           for n in range(12)]
    else:
        for aspect in chart["aspects"]:  # type: ignore[union-attr]
            aspect["approximate"] = "moon" in (aspect["first"], aspect["second"])
    return chart
