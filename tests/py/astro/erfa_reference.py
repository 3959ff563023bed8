"""An independent ephemeris to cross-check the chart with: ERFA (the IAU SOFA routines) through
pyerfa, which shares nothing with ephem's libastro.

- the Earth from epv00 (VSOP2000-fitted series), Mercury..Neptune from plan94 (Simon et al.
  1994), the Moon from moon98 (a truncated ELP2000-82B);
- light time by iteration, annual aberration (ab), frame bias, IAU 2006 precession and IAU
  2000A nutation (pnm06a), then the true ecliptic of date (obl06 plus the nutation in obliquity);
- UTC to TT through the leap-second table (dat), so the moments must be after 1972; UT1 is
  taken as UTC (within 0.9 s, which moves the angles by less than 0.004 degree).

Pluto is not in plan94; Meeus' published Pluto position checks it instead.
"""

from __future__ import annotations

import math
from datetime import datetime

import erfa
import numpy as np

SPEED_OF_LIGHT_AU_PER_DAY = 173.1446326846693
PLAN94_INDEX = {"mercury": 1, "venus": 2, "mars": 4, "jupiter": 5, "saturn": 6, "uranus": 7,
                "neptune": 8}


def _two_part(utc: datetime) -> tuple[tuple[float, float], tuple[float, float]]:
    """(UTC, TT) as ERFA's two-part Julian dates."""
    seconds = utc.hour * 3600 + utc.minute * 60 + utc.second + utc.microsecond / 1e6
    utc1, utc2 = erfa.dtf2d("UTC", utc.year, utc.month, utc.day, 0, 0, 0.0)
    utc2 += seconds / 86400.0
    tai1, tai2 = erfa.utctai(utc1, utc2)
    return (utc1, utc2), tuple(erfa.taitt(tai1, tai2))


def _true_ecliptic(vector: np.ndarray, tt: tuple[float, float]) -> tuple[float, float]:
    """Longitude and latitude (degrees) on the true ecliptic and equinox of date of a GCRS
    direction."""
    of_date = erfa.pnm06a(*tt) @ vector
    _, deps = erfa.nut06a(*tt)
    eps = erfa.obl06(*tt) + deps
    x = of_date[0]
    y = of_date[1] * math.cos(eps) + of_date[2] * math.sin(eps)
    z = -of_date[1] * math.sin(eps) + of_date[2] * math.cos(eps)
    return math.degrees(math.atan2(y, x)) % 360.0, math.degrees(math.atan2(z, math.hypot(x, y)))


def _apparent(geometric: np.ndarray, earth_heliocentric: np.ndarray,
              earth_barycentric_velocity: np.ndarray) -> np.ndarray:
    """Annual aberration applied to a geocentric geometric position (au)."""
    velocity = earth_barycentric_velocity / SPEED_OF_LIGHT_AU_PER_DAY
    bm1 = math.sqrt(1 - float(velocity @ velocity))
    direction = geometric / np.linalg.norm(geometric)
    return erfa.ab(direction, velocity, float(np.linalg.norm(earth_heliocentric)), bm1)


def longitude_latitude(body: str, utc: datetime) -> tuple[float, float]:
    """Apparent geocentric ecliptic longitude and latitude of date, in degrees."""
    _, tt = _two_part(utc)
    pvh, pvb = erfa.epv00(*tt)
    earth_h, earth_bv = pvh[0], pvb[1]
    if body == "moon":
        geometric = erfa.moon98(*tt)[0]
    elif body == "sun":
        geometric = -earth_h
    else:
        geometric = -earth_h
        light_time = 0.0
        for _ in range(3):
            planet = erfa.plan94(tt[0], tt[1] - light_time, PLAN94_INDEX[body])[0]
            geometric = planet - earth_h
            light_time = float(np.linalg.norm(geometric)) / SPEED_OF_LIGHT_AU_PER_DAY
    return _true_ecliptic(_apparent(geometric, earth_h, earth_bv), tt)


def sidereal_and_obliquity(utc: datetime) -> tuple[float, float]:
    """Greenwich apparent sidereal time and true obliquity of date, both in radians."""
    ut, tt = _two_part(utc)
    _, deps = erfa.nut06a(*tt)
    return erfa.gst06a(ut[0], ut[1], tt[0], tt[1]), erfa.obl06(*tt) + deps
