"""The time zone of the birth place from its coordinates (tzfpy) and the UTC offset it had on
the birth day (IANA through zoneinfo), including days before a rule changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from samia_functions.astro.birth_moment import birth_moment, time_zone_at


def test_time_zones_come_from_the_coordinates() -> None:
    assert time_zone_at(24.7136, 46.6753) == "Asia/Riyadh"
    assert time_zone_at(30.0444, 31.2357) == "Africa/Cairo"
    assert time_zone_at(51.5072, -0.1276) == "Europe/London"


def test_cairo_kept_summer_time_until_2010_dropped_it_and_took_it_back_in_2023() -> None:
    cairo = "Africa/Cairo"
    assert birth_moment(date(2009, 7, 1), time(12, 0), cairo).utc_offset_minutes == 180
    assert birth_moment(date(2015, 7, 1), time(12, 0), cairo).utc_offset_minutes == 120
    assert birth_moment(date(2024, 7, 1), time(12, 0), cairo).utc_offset_minutes == 180


def test_britain_was_on_british_standard_time_all_year_from_1968_to_1971() -> None:
    winter_1969 = birth_moment(date(1969, 1, 15), time(9, 0), "Europe/London")
    assert winter_1969.utc_offset_minutes == 60
    assert winter_1969.utc == datetime(1969, 1, 15, 8, 0, tzinfo=UTC)
    assert birth_moment(date(1975, 1, 15), time(9, 0), "Europe/London").utc_offset_minutes == 0


def test_riyadh_kept_local_mean_time_before_1947() -> None:
    # Asia/Riyadh: LMT +3:06:52 until 1947 March 14, then +03
    before = birth_moment(date(1940, 1, 1), time(12, 0), "Asia/Riyadh")
    assert before.utc == datetime(1940, 1, 1, 8, 53, 8, tzinfo=UTC)
    assert birth_moment(date(1950, 1, 1), time(12, 0), "Asia/Riyadh").utc_offset_minutes == 180


def test_an_unknown_time_stands_for_local_noon() -> None:
    moment = birth_moment(date(1990, 5, 1), None, "Asia/Dubai")
    assert moment.time_known is False
    assert moment.local == datetime(1990, 5, 1, 12, 0)
    assert moment.utc == datetime(1990, 5, 1, 8, 0, tzinfo=UTC)


def test_a_time_a_clock_change_skipped_is_read_with_the_offset_before_it() -> None:
    # London sprang from 01:00 to 02:00 on 2024-03-31: 01:30 did not exist on the clocks
    moment = birth_moment(date(2024, 3, 31), time(1, 30), "Europe/London")
    assert moment.utc == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
