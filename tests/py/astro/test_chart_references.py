"""The natal chart against published reference positions and an independent ephemeris.

Published references, all from Jean Meeus, *Astronomical Algorithms*, 2nd edition
(Willmann-Bell, 1998), worked examples (apparent geocentric positions, true equinox of date):
- Example 25.b, the Sun on 1992 October 13.0 TD: longitude 199°54'21.818";
- Example 33.a, Venus on 1992 December 20.0 TD: longitude 313.08102°, latitude -2.08474°;
- Example 47.a, the Moon on 1992 April 12.0 TD: longitude 133.167265°, latitude -3.229126°,
  and the mean ascending node 274.400656°;
- Example 37.a, Pluto on 1992 October 13.0 TD: astrometric J2000 right ascension 15h31m43.7s,
  declination -4°27'29";
- Example 12.a, Greenwich apparent sidereal time on 1987 April 10, 0h UT: 13h10m46.1351s.
TD moments are turned into UT with ephem's Delta T (59 s in 1992).

Three birth moments (1975, 1992, 2024) are also cross-checked, every planet from the Sun to
Neptune, against ERFA (erfa_reference.py), and the ascendant and MC against a numerical search
of the rising and culminating ecliptic points with ERFA's sidereal time and obliquity. The
tolerances are those of the method: 1 arcminute for the Sun, Moon and planets, 0.1 degree for
the ascendant and MC.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import ephem
import pytest

from samia_functions.astro.chart import (
    ASPECTS,
    angles,
    compute_chart,
    ecliptic_of_date,
    find_aspects,
    mean_lunar_node,
)

from .erfa_reference import longitude_latitude, sidereal_and_obliquity

ARCMINUTE = 1 / 60
ASCENDANT_TOLERANCE = 0.1
PLANETS_WITH_ERFA = ("sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus",
                     "neptune")


def ut_of_td(year: int, month: int, day: int) -> ephem.Date:
    """The UT moment of a date at 0h Dynamical Time."""
    td = ephem.Date(datetime(year, month, day))
    return ephem.Date(td - ephem.delta_t(td) / 86400.0)


def separation(a: float, b: float) -> float:
    """Smallest distance between two longitudes, in degrees."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def dms(degrees: int, minutes: int, seconds: float) -> float:
    return degrees + minutes / 60 + seconds / 3600


# -- Meeus' worked examples -----------------------------------------------------------------

def test_sun_matches_meeus_example_25b() -> None:
    lon, _ = ecliptic_of_date(ephem.Sun(), ut_of_td(1992, 10, 13))
    assert separation(lon, dms(199, 54, 21.818)) < ARCMINUTE


def test_venus_matches_meeus_example_33a() -> None:
    lon, lat = ecliptic_of_date(ephem.Venus(), ut_of_td(1992, 12, 20))
    assert separation(lon, 313.08102) < ARCMINUTE
    assert abs(lat - -2.08474) < ARCMINUTE


def test_moon_matches_meeus_example_47a() -> None:
    lon, lat = ecliptic_of_date(ephem.Moon(), ut_of_td(1992, 4, 12))
    assert separation(lon, 133.167265) < ARCMINUTE
    assert abs(lat - -3.229126) < ARCMINUTE


def test_mean_node_matches_meeus_example_47a() -> None:
    assert separation(mean_lunar_node(ut_of_td(1992, 4, 12)), 274.400656) < ARCMINUTE


def test_pluto_matches_meeus_example_37a() -> None:
    pluto = ephem.Pluto()
    pluto.compute(ut_of_td(1992, 10, 13))  # astrometric place, J2000 (ephem's default epoch)
    ra_hours = math.degrees(pluto.a_ra) / 15
    assert abs(ra_hours - (15 + 31 / 60 + 43.7 / 3600)) * 15 < ARCMINUTE
    assert abs(math.degrees(pluto.a_dec) - -dms(4, 27, 29)) < ARCMINUTE


def test_sidereal_time_matches_meeus_example_12a() -> None:
    observer = ephem.Observer()
    observer.lon, observer.lat, observer.date = "0", "0", "1987/4/10 00:00:00"
    hours = math.degrees(observer.sidereal_time()) / 15
    assert abs(hours - (13 + 10 / 60 + 46.1351 / 3600)) * 3600 < 0.1  # seconds of time


# -- three birth moments against ERFA --------------------------------------------------------

BIRTHS = (
    # (UTC, latitude, longitude, place)
    (datetime(1975, 3, 21, 6, 30), 30.0444, 31.2357, "Cairo"),
    (datetime(1992, 10, 12, 23, 59, 1), 51.4769, 0.0, "Greenwich"),
    (datetime(2024, 4, 8, 18, 18), 24.7136, 46.6753, "Riyadh"),
)


@pytest.mark.parametrize(("utc", "latitude", "longitude", "place"), BIRTHS)
def test_planets_agree_with_erfa(utc: datetime, latitude: float, longitude: float,
                                 place: str) -> None:
    chart = compute_chart(utc, latitude, longitude, time_known=True)
    bodies = {b["body"]: b for b in chart["bodies"]}
    for name in PLANETS_WITH_ERFA:
        lon, lat = longitude_latitude(name, utc)
        assert separation(bodies[name]["longitude"], lon) < ARCMINUTE, (place, name)
        assert abs(bodies[name]["latitude"] - lat) < ARCMINUTE, (place, name)


def _horizon_and_meridian(utc: datetime, latitude: float,
                          longitude: float) -> tuple[float, float]:
    """(ascendant, MC) found numerically: the ecliptic point rising in the east, and the one
    crossing the upper meridian, scanned at 0.001 degree with ERFA's sidereal time and
    obliquity (no closed formula shared with the chart)."""
    gast, eps = sidereal_and_obliquity(utc)
    lst = gast + math.radians(longitude)
    phi = math.radians(latitude)

    def horizontal(lam_deg: float) -> tuple[float, float]:
        lam = math.radians(lam_deg)
        ra = math.atan2(math.sin(lam) * math.cos(eps), math.cos(lam))
        dec = math.asin(math.sin(eps) * math.sin(lam))
        hour_angle = lst - ra
        altitude = math.asin(math.sin(phi) * math.sin(dec)
                             + math.cos(phi) * math.cos(dec) * math.cos(hour_angle))
        return altitude, math.sin(hour_angle)  # sin(H) < 0: east of the meridian

    steps = [i / 1000 for i in range(360_000)]
    rising = [lam for lam in steps
              if abs(horizontal(lam)[0]) < 3e-5 and horizontal(lam)[1] < 0]

    def meridian_offset(lam_deg: float) -> float:
        lam = math.radians(lam_deg)
        ra = math.atan2(math.sin(lam) * math.cos(eps), math.cos(lam))
        return ((math.degrees(lst - ra) + 180) % 360) - 180

    culminating = min(steps[::10], key=lambda lam: abs(meridian_offset(lam)))
    return rising[len(rising) // 2], culminating


@pytest.mark.parametrize(("utc", "latitude", "longitude", "place"), BIRTHS)
def test_ascendant_and_mc_agree_with_a_numerical_search(utc: datetime, latitude: float,
                                                       longitude: float, place: str) -> None:
    asc, mc = angles(ephem.Date(utc), latitude, longitude)
    want_asc, want_mc = _horizon_and_meridian(utc, latitude, longitude)
    assert separation(asc, want_asc) < ASCENDANT_TOLERANCE, place
    assert separation(mc, want_mc) < ASCENDANT_TOLERANCE, place


# -- the chart's own rules -------------------------------------------------------------------

def test_whole_sign_houses_start_at_the_ascendants_sign() -> None:
    chart = compute_chart(datetime(2024, 4, 8, 18, 18), 24.7136, 46.6753, time_known=True)
    asc = chart["angles"]["ascendant"]["longitude"]
    houses = chart["houses"]
    assert [h["house"] for h in houses] == list(range(1, 13))
    assert houses[0]["cusp"] == 30 * (asc // 30)
    for body in chart["bodies"]:
        assert body["house"] == (int(body["longitude"] // 30) - int(asc // 30)) % 12 + 1


def test_unknown_time_leaves_out_angles_and_houses_and_flags_the_moon() -> None:
    chart = compute_chart(datetime(1990, 5, 1, 9, 0), 24.7, 46.7, time_known=False)
    assert chart["angles"] is None and chart["houses"] is None
    assert chart["method"]["houses"] is None
    bodies = {b["body"]: b for b in chart["bodies"]}
    assert all("house" not in b for b in bodies.values())
    assert bodies["moon"]["approximate"] is True
    assert [b for b in bodies.values() if b["approximate"]] == [bodies["moon"]]
    assert all(a["approximate"] == ("moon" in (a["first"], a["second"]))
               for a in chart["aspects"])


def test_aspects_are_found_within_their_orbs_and_not_beyond() -> None:
    orbs = {a.code: a for a in ASPECTS}
    found = find_aspects({"sun": 10.0, "moon": 17.9, "mars": 100.0, "venus": 250.5})
    kinds = {(a["first"], a["second"]): (a["aspect"], a["orb"]) for a in found}
    assert kinds[("sun", "moon")] == ("conjunction", pytest.approx(7.9))  # within 8
    assert kinds[("sun", "mars")] == ("square", 0.0)
    assert ("moon", "mars") not in kinds  # 82.1: 7.9 from a square, over its 7
    assert kinds[("sun", "venus")] == ("trine", 0.5)  # 240.5 apart is 119.5 the short way
    assert all(a["orb"] <= orbs[a["aspect"]].orb for a in found)
    assert [a["strength"] for a in found] == sorted((a["strength"] for a in found), reverse=True)


def test_retrograde_follows_the_daily_motion() -> None:
    # Mercury turned retrograde on 1990-04-23 and direct on 1990-05-17
    chart = compute_chart(datetime(1990, 5, 1, 11, 30), 24.7, 46.7, time_known=True)
    bodies = {b["body"]: b for b in chart["bodies"]}
    assert bodies["mercury"]["retrograde"] is True and bodies["mercury"]["speed"] < 0
    assert bodies["sun"]["retrograde"] is False
    later = compute_chart(datetime(1990, 5, 1, 11, 30) + timedelta(days=30), 24.7, 46.7, True)
    assert {b["body"]: b for b in later["bodies"]}["mercury"]["retrograde"] is False
