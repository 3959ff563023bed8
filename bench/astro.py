"""Astro readings: the cost of one natal chart and of one gazetteer lookup.

    PYTHONPATH=functions .venv/bin/python bench/astro.py [--repeat 200]

Prints one table, each figure the median of `--repeat` runs in this process, next to a
baseline measured in the same run: a whole chart (ten planets at two moments for their motion,
the node, angles, houses, aspects) against one ephem Sun position computed the same way, and a
city lookup through the name index against a linear scan of every indexed name (what the index
saves per request). It also prints the one-time cost of building the index. It asserts
nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime

import ephem

from samia_functions.astro.chart import compute_chart, ecliptic_of_date
from samia_functions.astro.gazetteer import load

BIRTH = datetime(1990, 5, 1, 11, 30)
NAMES = ("Riyadh", "الرياض", "القاهرة", "London", "جدة")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def sun_position() -> None:
    """The Sun's apparent ecliptic position of date, exactly as the chart computes each body."""
    ecliptic_of_date(ephem.Sun(), ephem.Date(BIRTH))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer = load()
    build = time.perf_counter() - started

    sun = median_seconds(sun_position, args.repeat)
    chart = median_seconds(lambda: compute_chart(BIRTH, 24.69, 46.72, True), args.repeat)
    chart_unknown = median_seconds(lambda: compute_chart(BIRTH, 24.69, 46.72, False),
                                   args.repeat)
    indexed = median_seconds(lambda: [gazetteer.find(n) for n in NAMES], args.repeat) / len(NAMES)
    scans = max(3, args.repeat // 40)  # a scan is slow; fewer runs give a stable median
    scanned = median_seconds(lambda: [gazetteer.find_by_scanning(n) for n in NAMES],
                             scans) / len(NAMES)

    rows = [
        ("one ephem Sun position (baseline)", sun, 1.0),
        ("natal chart, time known", chart, chart / sun),
        ("natal chart, time unknown", chart_unknown, chart_unknown / sun),
        ("city lookup, linear scan (baseline)", scanned, 1.0),
        ("city lookup, name index", indexed, indexed / scanned),
        ("building the name index (once per process)", build, build / scanned),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median':>12}  {'ratio to baseline':>18}")
    for name, seconds, ratio in rows:
        print(f"{name:<{width}}  {seconds * 1e3:>9.3f} ms  {ratio:>17.3g}x")


if __name__ == "__main__":
    main()
