"""scripts/generate_seed_meta.py and the supabase/seed_meta.sql it writes."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_seed_meta.py"
SEED = ROOT / "supabase" / "seed_meta.sql"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_seed_meta", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def by_alpha2() -> dict:
    return {c.alpha2: c for c in gen.countries()}


def test_the_seed_on_disk_is_up_to_date():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_check_detects_a_stale_file(tmp_path):
    stale = tmp_path / "seed_meta.sql"
    stale.write_text(SEED.read_text(encoding="utf-8").replace("'+966'", "'+967'")
                     .replace("{+966}", "{+999}"), encoding="utf-8")
    assert gen.main(["--check", "--output", str(stale)]) == 1
    assert gen.main(["--check", "--output", str(tmp_path / "missing.sql")]) == 1
    assert gen.main(["--output", str(stale)]) == 0
    assert gen.main(["--check", "--output", str(stale)]) == 0
    assert stale.read_bytes() == SEED.read_bytes()


def test_generation_is_deterministic():
    assert gen.render() == gen.render() == SEED.read_text(encoding="utf-8")


def test_every_iso_country_is_seeded(by_alpha2, seed_text):
    assert len(by_alpha2) == 249
    country_rows = re.findall(r"^\(?\s*'([A-Z]{2})', '[A-Z]{3}', '[0-9]{3}'", seed_text, re.M)
    assert sorted(country_rows) == sorted(by_alpha2)


def test_known_countries(by_alpha2):
    sa = by_alpha2["SA"]
    assert (sa.alpha3, sa.numeric_code, sa.dial_codes, sa.default_time_zone) == (
        "SAU", "682", ("+966",), "Asia/Riyadh")
    assert sa.name_en == "Saudi Arabia"
    assert sa.name_ar == "المملكة العربية السعودية"
    assert by_alpha2["EG"].dial_codes == ("+20",) and by_alpha2["EG"].name_ar == "مصر"
    assert by_alpha2["US"].dial_codes == ("+1",)
    assert by_alpha2["CA"].dial_codes == ("+1",) and by_alpha2["JM"].dial_codes == ("+1",)
    assert by_alpha2["GB"].dial_codes == ("+44",)
    # territories without a calling code or a time zone
    assert by_alpha2["AQ"].dial_codes == ()
    assert by_alpha2["BV"].default_time_zone is None


def test_known_rows_in_the_file(seed_text):
    assert ("('SA', 'SAU', '682', 'Saudi Arabia', 'المملكة العربية السعودية', '{+966}', "
            "'Asia/Riyadh')") in seed_text
    assert "('EG', 'EGY', '818', 'Egypt', 'مصر', '{+20}', 'Africa/Cairo')" in seed_text
    assert re.search(r"\('US', 'USA', '840', 'United States', '[^']+', '\{\+1\}', ", seed_text)
    assert re.search(r"\('AQ', 'ATA', '010', 'Antarctica', '[^']+', '\{\}', ", seed_text)
    assert re.search(r"\('BV', 'BVT', '074', [^\n]*, null\)", seed_text)


def test_every_country_has_both_names(by_alpha2):
    arabic = re.compile(r"[\u0600-\u06FF]")
    assert all(c.name_en and arabic.search(c.name_ar) for c in by_alpha2.values())


def test_every_zodiac_sign(seed_text):
    codes = [s.code for s in gen.ZODIAC_SIGNS]
    assert codes == ["aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra", "scorpio",
                     "sagittarius", "capricorn", "aquarius", "pisces"]
    for i, sign in enumerate(gen.ZODIAC_SIGNS, start=1):
        row = (f"('{sign.code}', '{sign.name_en}', '{sign.name_ar}', {sign.start[0]}, "
               f"{sign.start[1]}, {sign.end[0]}, {sign.end[1]}, '{sign.element}', {i})")
        assert row in seed_text


def _covers(sign, md: tuple[int, int]) -> bool:
    if sign.start <= sign.end:
        return sign.start <= md <= sign.end
    return md >= sign.start or md <= sign.end  # capricorn wraps around the new year


def test_zodiac_signs_cover_every_day_of_a_leap_year_once():
    import datetime

    day, seen = datetime.date(2024, 1, 1), []
    while day.year == 2024:
        md = (day.month, day.day)
        matches = [s.code for s in gen.ZODIAC_SIGNS if _covers(s, md)]
        assert len(matches) == 1, (day, matches)
        seen.append(matches[0])
        day += datetime.timedelta(days=1)
    assert set(seen) == {s.code for s in gen.ZODIAC_SIGNS}


def test_services_and_settings(seed_text):
    assert [s.code for s in gen.SERVICES] == ["tarot", "coffee", "astro", "healing",
                                              "direct_call"]
    assert all(s.price_minor > 0 for s in gen.SERVICES)
    settings = {key: value for key, value, _ in gen.SETTINGS}
    assert settings["rate_limit.orders"] == {"capacity": 10, "refill_seconds": 3600}
    assert settings["rate_limit.orders_astro"] == {"capacity": 5, "refill_seconds": 86400}
    assert settings["orders.max_question_length"] == 2000
    assert "'rate_limit.orders', '{\"capacity\": 10, \"refill_seconds\": 3600}'" in seed_text
    # admins own prices and settings after the first seed
    services_upsert = seed_text[seed_text.index("insert into app.services"):]
    services_upsert = services_upsert[:services_upsert.index(";")]
    assert "price_minor = excluded" not in services_upsert
    assert "is_active = excluded" not in services_upsert
    assert "on conflict (key) do nothing;" in seed_text


def test_quotes_are_escaped():
    assert gen.sql_literal("Côte d'Ivoire") == "'Côte d''Ivoire'"
    assert gen.sql_literal("it''s") == "'it''''s'"
    assert gen.sql_literal(None) == "null"
    assert gen.sql_text_array(("+1", "+44")) == "'{+1,+44}'"
    assert gen.sql_text_array(()) == "'{}'"
    with pytest.raises(ValueError):
        gen.sql_text_array(("+1}',x",))
    with pytest.raises(ValueError):
        gen.sql_literal("nul\x00")


def test_long_strings_are_split_into_adjacent_literals():
    assert gen._split_literal("'aaa bbb ccc'", 8) == ["'aaa '", "'bbb '", "'ccc'"]
    text = "word " * 40 + "end"
    lines = gen._pack([gen.sql_literal(text), "2"], "    ")
    assert len(lines) > 2 and all(len(line) <= gen.MAX_LINE for line in lines)
    assert lines[-1].endswith(" end', 2")
    # PostgreSQL concatenates literals separated by a newline: the pieces rebuild the text
    pieces = [line.strip() for line in lines]
    pieces[-1] = pieces[-1].removesuffix(", 2")
    assert "".join(piece[1:-1] for piece in pieces) == text


def test_every_line_fits_and_every_literal_is_balanced(seed_text):
    assert all(len(line) <= 100 for line in seed_text.splitlines())
    for line in seed_text.splitlines():
        if not line.startswith("--"):
            assert line.count("'") % 2 == 0, line


def test_the_seed_applies_to_the_migrated_schema_and_is_idempotent(db: psycopg.Connection):
    """The run's database already has the seed (the migrator applied it); run it again."""
    counts = """
        select (select count(*) from app.countries), (select count(*) from app.zodiac_signs),
               (select count(*) from app.services), (select count(*) from app.roles),
               (select count(*) from app.app_settings where key like 'rate_limit.%')
    """
    assert db.execute(counts).fetchone() == (249, 12, 5, 5, 11)
    db.execute("update app.services set price_minor = 1234, is_active = false "
               "where code = 'tarot'")
    db.execute("update app.app_settings set value = '3' where key = 'profiles.minimum_age'")
    db.execute("update app.countries set name_en = 'Stale' where alpha2 = 'SA'")
    db.execute(SEED.read_text(encoding="utf-8"))
    assert db.execute(counts).fetchone() == (249, 12, 5, 5, 11)
    assert db.execute("select price_minor, is_active from app.services "
                      "where code = 'tarot'").fetchone() == (1234, False)
    assert db.execute("select value from app.app_settings "
                      "where key = 'profiles.minimum_age'").fetchone() == (3,)
    assert db.execute("select name_en, dial_codes, default_time_zone from app.countries "
                      "where alpha2 = 'SA'").fetchone() == ("Saudi Arabia", ["+966"],
                                                           "Asia/Riyadh")
    # a re-run changes nothing that is already current
    unchanged = db.execute("select xmin::text from app.countries where alpha2 = 'EG'").fetchone()
    db.execute(SEED.read_text(encoding="utf-8"))
    assert db.execute("select xmin::text from app.countries "
                      "where alpha2 = 'EG'").fetchone() == unchanged
