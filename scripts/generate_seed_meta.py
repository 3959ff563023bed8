"""Write supabase/seed_meta.sql: the reference data every environment needs.

Countries come from well-kept libraries instead of hand-typed lists: ISO 3166-1 codes from
pycountry, English and Arabic names from the Unicode CLDR (via babel), calling codes from
libphonenumber (via phonenumbers) and time zones from the IANA database (via pytz). Roles,
zodiac signs, services and default settings are product decisions and live in this file.

    python scripts/generate_seed_meta.py            # rewrite the seed
    python scripts/generate_seed_meta.py --check    # exit 1 when the file on disk is stale

The output is deterministic: the same inputs (and library versions) give a byte-identical file.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import babel
import phonenumbers
import pycountry
import pytz

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "supabase" / "seed_meta.sql"
MAX_LINE = 100
INDENT = "    "
SOURCE_PACKAGES = ("pycountry", "babel", "phonenumbers", "pytz")

log = logging.getLogger("generate_seed_meta")


# -- product data ---------------------------------------------------------------------------

# The same names the reference-tables migration inserts (the seed keeps them current).
ROLES: tuple[tuple[str, str, str, int], ...] = (
    ("client", "Client", "عميل", 10),
    ("reader", "Reader", "قارئ", 20),
    ("monitor", "Monitor", "مراقب", 30),
    ("admin", "Admin", "مسؤول", 40),
    ("superadmin", "Super admin", "مسؤول أعلى", 50),
)


@dataclass(frozen=True)
class ZodiacSign:
    code: str
    name_en: str
    name_ar: str
    start: tuple[int, int]  # (month, day), inclusive
    end: tuple[int, int]
    element: str


# The one authored list of the tropical sun-sign boundaries, in sort order. It becomes the rows
# of app.zodiac_signs, which app.zodiac_sign_for() reads; nothing else may repeat the dates (the
# tests derive their expectations from this list or from the table).
ZODIAC_SIGNS: tuple[ZodiacSign, ...] = (
    ZodiacSign("aries", "Aries", "الحمل", (3, 21), (4, 19), "fire"),
    ZodiacSign("taurus", "Taurus", "الثور", (4, 20), (5, 20), "earth"),
    ZodiacSign("gemini", "Gemini", "الجوزاء", (5, 21), (6, 20), "air"),
    ZodiacSign("cancer", "Cancer", "السرطان", (6, 21), (7, 22), "water"),
    ZodiacSign("leo", "Leo", "الأسد", (7, 23), (8, 22), "fire"),
    ZodiacSign("virgo", "Virgo", "العذراء", (8, 23), (9, 22), "earth"),
    ZodiacSign("libra", "Libra", "الميزان", (9, 23), (10, 22), "air"),
    ZodiacSign("scorpio", "Scorpio", "العقرب", (10, 23), (11, 21), "water"),
    ZodiacSign("sagittarius", "Sagittarius", "القوس", (11, 22), (12, 21), "fire"),
    ZodiacSign("capricorn", "Capricorn", "الجدي", (12, 22), (1, 19), "earth"),
    ZodiacSign("aquarius", "Aquarius", "الدلو", (1, 20), (2, 18), "air"),
    ZodiacSign("pisces", "Pisces", "الحوت", (2, 19), (3, 20), "water"),
)


# Names of what a natal chart shows (app.astro_labels), in the order the astro draft lists
# them. Body and aspect codes are those the chart module writes (functions/samia_functions/
# astro/chart.py); element codes are those of the zodiac signs above.
ASTRO_LABELS: tuple[tuple[str, str, str, str], ...] = (
    ("sun", "body", "Sun", "الشمس"),
    ("moon", "body", "Moon", "القمر"),
    ("mercury", "body", "Mercury", "عطارد"),
    ("venus", "body", "Venus", "الزهرة"),
    ("mars", "body", "Mars", "المريخ"),
    ("jupiter", "body", "Jupiter", "المشتري"),
    ("saturn", "body", "Saturn", "زحل"),
    ("uranus", "body", "Uranus", "أورانوس"),
    ("neptune", "body", "Neptune", "نبتون"),
    ("pluto", "body", "Pluto", "بلوتو"),
    ("north_node", "body", "North Node", "العقدة الشمالية"),
    ("ascendant", "angle", "Ascendant", "الطالع"),
    ("midheaven", "angle", "Midheaven", "وسط السماء"),
    ("conjunction", "aspect", "conjunct", "اقتران"),
    ("sextile", "aspect", "sextile", "تسديس"),
    ("square", "aspect", "square", "تربيع"),
    ("trine", "aspect", "trine", "تثليث"),
    ("opposition", "aspect", "opposite", "مقابلة"),
    ("fire", "element", "Fire", "النار"),
    ("earth", "element", "Earth", "التراب"),
    ("air", "element", "Air", "الهواء"),
    ("water", "element", "Water", "الماء"),
)


@dataclass(frozen=True)
class Service:
    code: str
    name_en: str
    name_ar: str
    description_en: str
    description_ar: str
    price_minor: int  # launch price in USD cents; admins own it after the first seed
    sort_order: int
    is_call: bool = False  # a live call, ordered by booking a slot (book_call)


SERVICES: tuple[Service, ...] = (
    Service(
        "tarot", "Tarot reading", "قراءة التاروت",
        "A reader draws and interprets tarot cards for your question; the reading arrives as "
        "text or a voice recording.",
        "يسحب القارئ أوراق التاروت ويفسّرها لسؤالك، وتصلك القراءة نصًا أو تسجيلًا صوتيًا.",
        2500, 10,
    ),
    Service(
        "coffee", "Coffee cup reading", "قراءة الفنجان",
        "Send photos of your finished coffee cup; a reader interprets the shapes the grounds "
        "left behind.",
        "أرسل صور فنجان قهوتك بعد شربها، ويفسّر القارئ الأشكال التي رسمها البن.",
        2000, 20,
    ),
    Service(
        "astro", "Astrology reading", "قراءة فلكية",
        "A personal reading of your birth chart from the date, time and place of your birth.",
        "قراءة شخصية لخريطتك الفلكية من تاريخ ولادتك ووقتها ومكانها.",
        3500, 30,
    ),
    Service(
        "healing", "Spiritual healing", "الشفاء الروحي",
        "A guided spiritual and energy healing session with a reader.",
        "جلسة شفاء روحي وطاقي بإرشاد أحد القرّاء.",
        4000, 40,
    ),
    Service(
        "direct_call", "Live call", "مكالمة مباشرة",
        "A live voice call with a reader at a time you book.",
        "مكالمة صوتية مباشرة مع قارئ في الموعد الذي تحجزه.",
        6000, 50, is_call=True,
    ),
)
SERVICE_CURRENCY = "USD"

HOUR = 3600
DAY = 24 * HOUR


def _rate(capacity: int, refill_seconds: int) -> dict[str, int]:
    """A token bucket: at most `capacity` actions, refilled evenly over `refill_seconds`."""
    return {"capacity": capacity, "refill_seconds": refill_seconds}


MB = 1024 * 1024


def _media(min_bytes: int, max_bytes: int, mime_types: Sequence[str],
           max_duration_seconds: int | None = None) -> dict[str, Any]:
    """Upload limits of a media kind, as app.media_check_upload reads them."""
    limits: dict[str, Any] = {"min_bytes": min_bytes, "max_bytes": max_bytes,
                              "mime_types": list(mime_types)}
    if max_duration_seconds is not None:
        limits["max_duration_seconds"] = max_duration_seconds
    return limits


SETTINGS: tuple[tuple[str, Any, str], ...] = (
    ("rate_limit.orders", _rate(10, HOUR), "Orders a user may create: 10 per hour."),
    ("rate_limit.orders_astro", _rate(5, DAY), "Astrology orders a user may create: 5 per day."),
    ("rate_limit.phone_verify_start", _rate(5, HOUR),
     "Phone verification codes a user may request: 5 per hour."),
    ("rate_limit.phone_verify_start_caller_number", _rate(3, DAY),
     "Phone verification codes a user may request for one number: 3 per day."),
    ("rate_limit.phone_verify_start_number", _rate(30, DAY),
     "Phone verification codes all users together may request for one number: 30 per day "
     "(the number's holder is exempt)."),
    ("rate_limit.phone_verify_check", _rate(10, 15 * 60),
     "Phone verification codes a user may check: 10 per 15 minutes."),
    ("rate_limit.assist_drafts", _rate(10, HOUR),
     "AI-assisted drafts a reader may request: 10 per hour."),
    ("rate_limit.search", _rate(20, HOUR), "Knowledge-base searches a user may run: 20 per hour."),
    ("rate_limit.uploads", _rate(30, HOUR), "Media uploads a user may start: 30 per hour."),
    ("rate_limit.exports", _rate(10, HOUR),
     "Data exports (ops_export) an admin may start: 10 per hour."),
    ("rate_limit.knowledge_add", _rate(30, HOUR),
     "Knowledge-base documents an admin may add (assist_knowledge_add): 30 per hour."),
    ("horoscopes.time_zone", "Asia/Riyadh",
     "IANA time zone whose midnight starts the day of the daily horoscopes."),
    ("media.limits.audio",
     _media(1024, 50 * MB, ("audio/mpeg", "audio/mp4", "audio/ogg", "audio/x-wav",
                            "audio/x-flac", "audio/aac"), max_duration_seconds=30 * 60),
     "Audio uploads: 1 KB to 50 MB, at most 30 minutes, of these types."),
    ("media.limits.image",
     _media(1, 10 * MB, ("image/jpeg", "image/png", "image/webp")),
     "Image uploads: at most 10 MB, of these types."),
    ("media.limits.video",
     _media(1024, 100 * MB, ("video/mp4", "video/quicktime", "video/webm"),
            max_duration_seconds=5 * 60),
     "Video uploads: 1 KB to 100 MB, at most 5 minutes, of these types."),
    ("orders.max_question_length", 2000, "Longest question a client may write, in characters."),
    ("profiles.minimum_age", 18, "Minimum age in years to hold an account."),
    ("calls.booking_lead_minutes", 60,
     "Minutes between now and the start of a call a client books or reschedules to."),
    ("calls.change_cutoff_minutes", 120,
     "Minutes before a call's start after which its client may no longer cancel or reschedule."),
    ("calls.max_reschedules", 2, "Times a client may reschedule one call."),
    ("calls.initiate_window_minutes", 10,
     "Minutes before and after a booked start in which its reader may start the call."),
    ("calls.booking_horizon_days", 90,
     "Days ahead within which a call must end when a client books or reschedules it."),
    ("calls.max_upcoming_calls", 5,
     "Calls a client may hold at once that have not ended (cancelled calls do not count)."),
    ("calls.grace_minutes", 5,
     "Minutes a call may run past its booked length before the stuck-call job ends it."),
    ("calls.no_show_minutes", 10,
     "Minutes after a call's start (or its dialling, if later) after which a party who never "
     "joined is a no-show and the call is ended."),
    ("calls.silent_minutes", 5,
     "Minutes after dialling a call without a single Twilio callback after which the call "
     "counts as stuck and is ended."),
    ("calls.recordings_visible_to_parties", False,
     "Whether a call's client and reader may listen to its recording (monitors and admins "
     "always may)."),
    ("calls.consent_notice",
     {"en": "This call is recorded and may be monitored for quality and safety.",
      "ar": "يتم تسجيل هذه المكالمة وقد تتم مراقبتها لضمان الجودة والسلامة."},
     "The notice each party hears, in their language, before the call and its recording "
     "start."),
    ("media.loudness", {"target_lufs": -16, "tolerance_lu": 3},
     "Published audio further than tolerance_lu from target_lufs is a loudness outlier "
     "(media_maintenance)."),
    ("retention.assist_drafts_days", 50,
     "Days AI-assist drafts no result came from are kept (purge_old)."),
    ("retention.call_events_days", 50,
     "Days Twilio's callbacks about ended calls are kept (purge_old)."),
    ("retention.audit_log_days", 365,
     "Days audit log rows are kept; whole months past it are removed (purge_audit_log)."),
    ("retention.exports_days", 50, "Days an export file is kept (purge_old)."),
    ("retention.horoscopes_days", 50, "Days past horoscopes and their audio are kept (purge_old)."),
    ("retention.job_runs_days", 50,
     "Days job runs are recorded; each job's latest run stays (purge_old)."),
    ("retention.phone_verification_attempts_days", 50,
     "Days phone verification attempts are kept (purge_old)."),
)


# -- countries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    numeric_code: str
    name_en: str
    name_ar: str
    dial_codes: tuple[str, ...]
    default_time_zone: str | None


def dial_codes_by_region() -> dict[str, tuple[str, ...]]:
    """libphonenumber's calling codes per region, e.g. {'GB': ('+44',), 'US': ('+1',)}."""
    by_region: dict[str, set[int]] = {}
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            by_region.setdefault(region, set()).add(code)
    return {region: tuple(f"+{c}" for c in sorted(codes)) for region, codes in by_region.items()}


def countries() -> list[Country]:
    """Every ISO 3166-1 country, ordered by alpha-2 code.

    Both names come from the CLDR (babel) so that the English and Arabic names of a row say
    the same thing in natural word order ("British Virgin Islands", "Russia", "Palestinian
    Territories" / "الأراضي الفلسطينية"), which is what pickers show and sort by. pycountry's
    ISO names are registry forms ("Virgin Islands, British", "Russian Federation") and are only
    the fallback when CLDR lacks a territory.
    """
    english = babel.Locale("en").territories
    arabic = babel.Locale("ar").territories
    dial = dial_codes_by_region()
    rows = []
    for c in pycountry.countries:
        iso_name = getattr(c, "common_name", None) or c.name
        name_en = english.get(c.alpha_2)
        if not name_en:
            log.warning("no CLDR English name for %s; using pycountry's %r", c.alpha_2, iso_name)
            name_en = iso_name
        name_ar = arabic.get(c.alpha_2)
        if not name_ar:
            log.warning("no CLDR Arabic name for %s; using pycountry's %r", c.alpha_2, iso_name)
            name_ar = iso_name
        zones = pytz.country_timezones.get(c.alpha_2) or []
        rows.append(Country(
            alpha2=c.alpha_2, alpha3=c.alpha_3, numeric_code=c.numeric,
            name_en=name_en, name_ar=name_ar, dial_codes=dial.get(c.alpha_2, ()),
            default_time_zone=zones[0] if zones else None,
        ))
    return sorted(rows, key=lambda r: r.alpha2)


# -- SQL rendering --------------------------------------------------------------------------

_DIAL_CODE = re.compile(r"^\+[0-9]{1,4}$")


def sql_literal(value: Any) -> str:
    """A PostgreSQL literal: strings single-quoted with quotes doubled, None as null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"NUL character in {value!r}")
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def sql_text_array(items: Sequence[str]) -> str:
    """A text[] literal such as '{+1}' or '{}'; elements are validated dial codes."""
    for item in items:
        if not _DIAL_CODE.match(item):
            raise ValueError(f"unexpected dial code {item!r}")
    return sql_literal("{" + ",".join(items) + "}")


def sql_jsonb(value: Any) -> str:
    return sql_literal(json.dumps(value, sort_keys=True, ensure_ascii=False))


def _wrap(items: Sequence[str], indent: str, first: str, last: str) -> list[str]:
    """`first + items + last` on one line if it fits, else the items packed between them."""
    one_line = indent + first + ", ".join(items) + last
    if len(one_line) <= MAX_LINE:
        return [one_line]
    return [indent + first, *_pack(items, indent + INDENT), indent + last]


def _pack(items: Sequence[str], indent: str) -> list[str]:
    """Comma-separated items packed onto lines of at most MAX_LINE characters."""
    lines, current = [], ""
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(indent) + len(piece) > MAX_LINE:
            # a string too long for any line: adjacent literals on separate lines concatenate
            if current:
                lines.append(indent + current)
            chunks = _split_literal(item, MAX_LINE - len(indent) - 1)
            lines += [indent + chunk for chunk in chunks[:-1]]
            current = chunks[-1] + piece[len(item):]
            continue
        candidate = f"{current} {piece}" if current else piece
        if current and len(indent) + len(candidate) > MAX_LINE:
            lines.append(indent + current)
            candidate = piece
        current = candidate
    lines.append(indent + current)
    return lines


def _split_literal(literal: str, width: int) -> list[str]:
    """Split a quoted literal at spaces into quoted chunks of at most `width` characters."""
    if not (literal.startswith("'") and literal.endswith("'")):
        raise ValueError(f"cannot fit {literal!r} into {MAX_LINE} characters")
    words = re.findall(r"\S+\s*", literal[1:-1])
    chunks, current = [], ""
    for word in words:
        if current and len(current) + len(word) + 2 > width:
            chunks.append(current)
            current = ""
        current += word
    chunks.append(current)
    if any(len(c) + 2 > width or c.endswith("'") and not c.endswith("''") for c in chunks):
        raise ValueError(f"cannot split {literal!r} into lines of {width} characters")
    return [f"'{c}'" for c in chunks]


def upsert(comment: str, table: str, alias: str, columns: Sequence[str], key: str,
           rows: Iterable[Sequence[str]], update: Sequence[str] | None) -> str:
    """`insert ... values ... on conflict (key) do update/nothing`, one row per line.

    With `update`, only those columns are refreshed, and only when one of them differs, so
    re-running the seed never touches updated_at on rows that are already current.
    """
    lines = [comment, f"insert into {table} as {alias} (", *_pack(columns, INDENT), ")"]
    lines.append("values")
    rendered = [_wrap(row, "", "(", ")") for row in rows]
    for i, row_lines in enumerate(rendered):
        row_lines = list(row_lines)
        if i < len(rendered) - 1:
            row_lines[-1] += ","
        lines += row_lines
    if update is None:
        lines.append(f"on conflict ({key}) do nothing;")
        return "\n".join(lines)
    lines.append(f"on conflict ({key}) do update set")
    for i, col in enumerate(update):
        lines.append(f"{INDENT}{col} = excluded.{col}" + ("," if i < len(update) - 1 else ""))
    # sqlfluff's layout for the conflict `where`: the condition is not indented
    lines.append("where")
    lines += _wrap([f"{alias}.{c}" for c in update], "", "(", ")")
    lines.append("is distinct from")
    lines += _wrap([f"excluded.{c}" for c in update], "", "(", ");")
    return "\n".join(lines)


HEADER = """\
-- Reference data: roles, countries, zodiac signs, astro labels, services and default settings.
--
-- GENERATED by scripts/generate_seed_meta.py; do not edit by hand. Change the generator (or
-- upgrade its data libraries) and regenerate with `python scripts/generate_seed_meta.py`;
-- CI runs it with --check and fails when this file is stale.
--
-- Sources: ISO 3166-1 codes from pycountry; English and Arabic country names from the Unicode
-- CLDR via babel; calling codes from libphonenumber via phonenumbers; time zones (the first
-- zone pytz lists for the country) from the IANA database via pytz.
--
-- Every statement is an idempotent upsert, so the migrator can apply this file again whenever
-- it changes."""


def render() -> str:
    parts = [HEADER]

    parts.append(upsert(
        "-- Application roles, ordered by rank. Names and ranks follow this file.",
        "app.roles", "r", ("code", "name_en", "name_ar", "rank"), "code",
        ([sql_literal(v) for v in role] for role in ROLES),
        update=("name_en", "name_ar", "rank"),
    ))

    parts.append(upsert(
        "-- Every ISO 3166-1 country; names, dial codes and zones follow the sources.",
        "app.countries", "c",
        ("alpha2", "alpha3", "numeric_code", "name_en", "name_ar", "dial_codes",
         "default_time_zone"),
        "alpha2",
        ([sql_literal(c.alpha2), sql_literal(c.alpha3), sql_literal(c.numeric_code),
          sql_literal(c.name_en), sql_literal(c.name_ar), sql_text_array(c.dial_codes),
          sql_literal(c.default_time_zone)] for c in countries()),
        update=("alpha3", "numeric_code", "name_en", "name_ar", "dial_codes",
                "default_time_zone"),
    ))

    parts.append(upsert(
        "-- The twelve tropical sun signs in calendar order from Aries.",
        "app.zodiac_signs", "z",
        ("code", "name_en", "name_ar", "start_month", "start_day", "end_month", "end_day",
         "element", "sort_order"),
        "code",
        ([sql_literal(s.code), sql_literal(s.name_en), sql_literal(s.name_ar),
          sql_literal(s.start[0]), sql_literal(s.start[1]), sql_literal(s.end[0]),
          sql_literal(s.end[1]), sql_literal(s.element), sql_literal(i)]
         for i, s in enumerate(ZODIAC_SIGNS, start=1)),
        update=("name_en", "name_ar", "start_month", "start_day", "end_month", "end_day",
                "element", "sort_order"),
    ))

    parts.append(upsert(
        "-- Names of the natal chart's bodies, angles, aspects and elements.",
        "app.astro_labels", "l", ("code", "kind", "name_en", "name_ar", "sort_order"), "code",
        ([sql_literal(code), sql_literal(kind), sql_literal(en), sql_literal(ar), sql_literal(i)]
         for i, (code, kind, en, ar) in enumerate(ASTRO_LABELS, start=1)),
        update=("kind", "name_en", "name_ar", "sort_order"),
    ))

    parts.append(upsert(
        "-- The service catalogue. Prices, currency, the active flag and the order are launch\n"
        "-- values only: admins change them in production, so a re-run refreshes the texts and\n"
        "-- never overwrites an admin's commercial decisions.",
        "app.services", "s",
        ("code", "name_en", "name_ar", "description_en", "description_ar", "price_minor",
         "currency", "is_active", "sort_order", "is_call"),
        "code",
        ([sql_literal(s.code), sql_literal(s.name_en), sql_literal(s.name_ar),
          sql_literal(s.description_en), sql_literal(s.description_ar),
          sql_literal(s.price_minor), sql_literal(SERVICE_CURRENCY), sql_literal(True),
          sql_literal(s.sort_order), sql_literal(s.is_call)] for s in SERVICES),
        update=("name_en", "name_ar", "description_en", "description_ar"),
    ))

    parts.append(upsert(
        "-- Default settings. Superadmins own a setting once it exists, so a re-run only adds\n"
        "-- keys that are missing and never resets a changed value. Rate limits are token\n"
        "-- buckets: at most `capacity` actions, refilled evenly over `refill_seconds`.",
        "app.app_settings", "a", ("key", "value", "description"), "key",
        ([sql_literal(k), sql_jsonb(v), sql_literal(d)] for k, v, d in SETTINGS),
        update=None,
    ))

    text = "\n\n".join(parts) + "\n"
    # The file must stay within the repo's line limit; fail loudly instead of writing it.
    too_long = [n for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE]
    if too_long:
        raise ValueError(f"generated lines longer than {MAX_LINE}: {too_long[:10]}")
    return text


def source_versions() -> str:
    return ", ".join(f"{name} {metadata.version(name)}" for name in SOURCE_PACKAGES)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the file differs from what would be generated")
    parser.add_argument("--output", type=Path, default=SEED_PATH,
                        help=f"where to write (default: {SEED_PATH.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")

    text = render()
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current == text:
            return 0
        diff = difflib.unified_diff((current or "").splitlines(), text.splitlines(),
                                    str(args.output), "generated", lineterm="", n=1)
        sys.stderr.write("\n".join(list(diff)[:60]) + "\n")
        sys.stderr.write(
            f"{args.output} is stale (generated with {source_versions()}); run "
            "`python scripts/generate_seed_meta.py` and commit the result.\n")
        return 1
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        log.info("wrote %s (%s)", args.output, source_versions())
    else:
        log.info("%s is up to date", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
