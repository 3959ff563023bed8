"""Finding the birth place: cities by Arabic or English name from the bundled GeoNames data,
by id, or bare coordinates; unknown and ambiguous names answer clear codes."""

from __future__ import annotations

import pytest

from samia_functions.astro.gazetteer import get_gazetteer, normalize
from samia_functions.astro.place import AMBIGUOUS_CITY, BAD_PLACE, UNKNOWN_CITY, resolve_place
from samia_functions.errors import AppError

RIYADH, CAIRO, ALEXANDRIA_EG = 108410, 360630, 361058


@pytest.mark.parametrize("name", ["Riyadh", "riyadh", "الرياض", "رياض", "Ar-Riyad"])
def test_riyadh_is_found_by_its_english_and_arabic_names(name: str) -> None:
    assert resolve_place({"city": name}).city_id == RIYADH


@pytest.mark.parametrize("name", ["Cairo", "القاهرة", "Al Qahirah"])
def test_cairo_is_found_by_its_english_and_arabic_names(name: str) -> None:
    place = resolve_place({"city": name})
    assert (place.city_id, place.label) == (CAIRO, "Cairo")
    assert place.latitude == pytest.approx(30.06, abs=0.01)


def test_arabic_spelling_variants_meet() -> None:
    assert normalize("الإسكندرية") == normalize("الاسكندريه") == normalize("اسكندرية")
    assert resolve_place({"city": "جده"}).label == "Jeddah"  # ta marbuta typed as ha


def test_the_index_is_built_once() -> None:
    assert get_gazetteer() is get_gazetteer()


def test_a_name_shared_by_a_much_larger_city_resolves_to_it() -> None:
    assert resolve_place({"city": "London"}).label == "London"
    assert get_gazetteer().get(resolve_place({"city": "London"}).city_id).country_code == "GB"


def test_an_ambiguous_name_lists_the_choices() -> None:
    with pytest.raises(AppError) as err:
        resolve_place({"city": "Alexandria"})
    assert err.value.code == AMBIGUOUS_CITY
    choices = err.value.details["choices"]
    assert ALEXANDRIA_EG in [c["city_id"] for c in choices]
    assert {"city_id", "name", "country_code", "latitude", "longitude", "population"} \
        <= set(choices[0])


def test_the_country_or_the_id_settles_an_ambiguous_name() -> None:
    assert resolve_place({"city": "الإسكندرية", "country": "eg"}).city_id == ALEXANDRIA_EG
    assert resolve_place({"city_id": ALEXANDRIA_EG}).label == "Alexandria"


@pytest.mark.parametrize("place", [{"city": "Qwxzyville"}, {"city": "Riyadh", "country": "FR"},
                                   {"city_id": 1}])
def test_unknown_cities_are_ASTCU(place: dict) -> None:
    with pytest.raises(AppError) as err:
        resolve_place(place)
    assert (err.value.code, err.value.status) == (UNKNOWN_CITY, 400)


def test_coordinates_are_taken_as_given() -> None:
    place = resolve_place({"latitude": -33.8688, "longitude": 151.2093})
    assert (place.latitude, place.longitude, place.city_id) == (-33.8688, 151.2093, None)


@pytest.mark.parametrize("place", [
    None, "Riyadh", {}, {"city": ""}, {"city": 5}, {"city": "Riyadh", "country": "SAU"},
    {"latitude": 91, "longitude": 0}, {"latitude": 0, "longitude": -180.5},
    {"latitude": "24", "longitude": 46}, {"latitude": 24}, {"latitude": True, "longitude": 1},
    {"latitude": float("nan"), "longitude": 1}, {"city_id": "108410"},
])
def test_malformed_places_are_ASTPL(place: object) -> None:
    with pytest.raises(AppError) as err:
        resolve_place(place)
    assert (err.value.code, err.value.status) == (BAD_PLACE, 400)
