"""Whole natal charts against charts published for well-documented births.

The references are the charts Astrodienst (astro.com) publishes for these Astro-Databank
entries, all with Rodden rating AA (time from a birth certificate or record). Positions are
tropical, geocentric, and printed to the whole arcminute, so a reference is itself up to half
an arcminute off; the tolerances are still the method's: 1 arcminute for the Sun, Moon and
planets, 0.1 degree for the ascendant and MC.

- Albert Einstein, 1879-03-14 11:30 local mean time, Ulm (48°24'N, 10°00'E): LMT is UT+0:40.
- Diana, Princess of Wales, 1961-07-01 19:45 BST (UT+1), Sandringham (52°50'N, 0°30'E).
- Barack Obama, 1961-08-04 19:24 HST (UT-10), Honolulu (21°18'N, 157°51'W).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from samia_functions.astro.chart import compute_chart

SIGNS = ("aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra", "scorpio",
         "sagittarius", "capricorn", "aquarius", "pisces")
ARCMINUTE = 1 / 60
ANGLE_TOLERANCE = 0.1


def zodiac(degrees: int, minutes: int, sign: str) -> float:
    """An ecliptic longitude written as a chart prints it: 23°30' Pisces."""
    return SIGNS.index(sign) * 30 + degrees + minutes / 60


def separation(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


CHARTS = [
    pytest.param(
        datetime(1879, 3, 14, 10, 50, tzinfo=UTC), 48 + 24 / 60, 10.0,
        {"sun": zodiac(23, 30, "pisces"), "moon": zodiac(14, 32, "sagittarius"),
         "mercury": zodiac(3, 9, "aries"), "venus": zodiac(16, 59, "aries"),
         "jupiter": zodiac(27, 29, "aquarius"), "saturn": zodiac(4, 11, "aries"),
         "uranus": zodiac(1, 17, "virgo"), "neptune": zodiac(7, 52, "taurus"),
         "pluto": zodiac(24, 44, "taurus")},
        {"ascendant": zodiac(11, 38, "cancer"), "midheaven": zodiac(12, 50, "pisces")},
        id="einstein-1879-ulm"),
    pytest.param(
        datetime(1961, 7, 1, 18, 45, tzinfo=UTC), 52 + 50 / 60, 0.5,
        {"sun": zodiac(9, 40, "cancer"), "moon": zodiac(25, 2, "aquarius")},
        {"ascendant": zodiac(18, 24, "sagittarius"), "midheaven": zodiac(23, 3, "libra")},
        id="diana-1961-sandringham"),
    pytest.param(
        datetime(1961, 8, 5, 5, 24, tzinfo=UTC), 21.3, -(157 + 51 / 60),
        {"sun": zodiac(12, 33, "leo"), "moon": zodiac(3, 21, "gemini")},
        {"ascendant": zodiac(18, 3, "aquarius")},
        id="obama-1961-honolulu"),
]


@pytest.mark.parametrize(("utc", "latitude", "longitude", "bodies", "chart_angles"), CHARTS)
def test_chart_matches_the_published_chart(utc: datetime, latitude: float, longitude: float,
                                           bodies: dict[str, float],
                                           chart_angles: dict[str, float]) -> None:
    chart = compute_chart(utc, latitude, longitude, True)
    computed = {b["body"]: b["longitude"] for b in chart["bodies"]}
    for body, published in bodies.items():
        off = separation(computed[body], published)
        assert off <= ARCMINUTE, f"{body}: {off * 60:.2f}' from the published chart"
    for angle, published in chart_angles.items():
        off = separation(chart["angles"][angle]["longitude"], published)
        assert off <= ANGLE_TOLERANCE, f"{angle}: {off:.3f}° from the published chart"
