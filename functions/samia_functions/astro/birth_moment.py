"""When a birth happened in UTC: the time zone of the place (tzfpy, from the coordinates) and
the offset that zone had on that day (the IANA database through zoneinfo, with the tzdata
package where the system has none), so a birth before a daylight-saving rule changed gets
the offset of its own day, not today's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import tzfpy

# With the time unknown the chart is cast for local noon: the Moon is then at most about
# 6.5 degrees from where it was at the real time, and everything else far closer.
UNKNOWN_TIME_STANDS_FOR = time(12, 0)


@dataclass(frozen=True)
class BirthMoment:
    local: datetime  # naive, as the client gave it (noon when the time is unknown)
    utc: datetime  # aware, UTC
    time_known: bool
    time_zone: str
    utc_offset_minutes: float

    def as_json(self) -> dict[str, object]:
        return {"local": self.local.isoformat(), "utc": self.utc.isoformat(),
                "time_known": self.time_known, "time_zone": self.time_zone,
                "utc_offset_minutes": self.utc_offset_minutes}


def time_zone_at(latitude: float, longitude: float) -> str:
    """The IANA zone at a point; over the open sea, tzfpy answers a nautical Etc/GMT±N zone."""
    return tzfpy.get_tz(longitude, latitude)


def birth_moment(birth_date: date, birth_time: time | None, time_zone: str) -> BirthMoment:
    """The UTC instant of a local birth date and time in `time_zone`. A local time that a
    clock change skipped or repeated is read with the offset in force before the change
    (zoneinfo's fold=0)."""
    local = datetime.combine(birth_date, birth_time or UNKNOWN_TIME_STANDS_FOR)
    aware = local.replace(tzinfo=ZoneInfo(time_zone))
    offset = aware.utcoffset()
    assert offset is not None  # a ZoneInfo always has one
    return BirthMoment(local, aware.astimezone(UTC), birth_time is not None, time_zone,
                       offset.total_seconds() / 60)
