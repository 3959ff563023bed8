"""Write supabase/kb_seed.json: the documents the AI-assist knowledge base ships with.

- The 78 tarot cards of the Rider-Waite-Smith deck from the PyPI package `tarotoo-tarot`
  (MIT): name, arcana, suit or number, upright and reversed keywords. English only: the
  package has no Arabic, and we do not machine-translate.
- The 12 zodiac signs from the project's reference data (scripts/generate_seed_meta.py: names
  in English and Arabic, dates, elements), one English and one Arabic document each. Both are
  sentences written for this purpose in each language, filled in from that data; the Arabic
  is not a translation of the English.

The file holds text only: `samia kb seed` cuts, embeds (with the bundled model, nothing is
downloaded) and loads it, idempotently (documents are keyed by the hash of their text).

    python scripts/generate_kb_seed.py            # rewrite the file
    python scripts/generate_kb_seed.py --check    # exit 1 when the file on disk is stale
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "supabase" / "kb_seed.json"
TAROT_PACKAGE = "tarotoo-tarot"
PROJECT_LICENCE = "authored for SAMIA-TAROT"
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر")
ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
               "ninth", "tenth", "eleventh", "twelfth")
ORDINALS_AR = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
               "التاسع", "العاشر", "الحادي عشر", "الثاني عشر")


def _seed_meta():
    """The reference data module (zodiac signs, element names) beside this script."""
    path = ROOT / "scripts" / "generate_seed_meta.py"
    spec = importlib.util.spec_from_file_location("generate_seed_meta", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while loading
    spec.loader.exec_module(module)
    return module


def tarot_documents() -> list[dict[str, Any]]:
    import tarotoo_tarot

    version = metadata.version(TAROT_PACKAGE)
    licence = metadata.metadata(TAROT_PACKAGE).get("License-Expression")
    if licence != "MIT":
        raise SystemExit(f"{TAROT_PACKAGE} {version} is licensed {licence!r}, not MIT: check it")
    docs = []
    for card in tarotoo_tarot.cards:
        if card["arcana"] == "major":
            where = f"card {card['number_numerology']} of the Major Arcana"
        else:
            where = f"a Minor Arcana card of the suit of {card['suit'].capitalize()}"
        text = (f"{card['name']} is {where} in the Rider-Waite-Smith tarot deck. "
                f"Upright keywords: {', '.join(card['keywords_upright'])}. "
                f"Reversed keywords: {', '.join(card['keywords_reversed'])}.")
        docs.append({"title": f"{card['name']} (tarot card)", "language": "en", "text": text,
                     "source": f"{TAROT_PACKAGE} {version}", "licence": "MIT"})
    return docs


def zodiac_documents() -> list[dict[str, Any]]:
    meta = _seed_meta()
    elements = {code: (en, ar) for code, kind, en, ar in meta.ASTRO_LABELS if kind == "element"}
    source = "SAMIA-TAROT zodiac reference data (scripts/generate_seed_meta.py)"
    docs = []
    for number, sign in enumerate(meta.ZODIAC_SIGNS):
        (m1, d1), (m2, d2) = sign.start, sign.end
        element_en, element_ar = elements[sign.element]
        en = (f"{sign.name_en} ({sign.name_ar} in Arabic) is the {ORDINALS_EN[number]} sign of "
              f"the zodiac, a {element_en.lower()} sign. The sun is in {sign.name_en} from "
              f"{d1} {MONTHS_EN[m1 - 1]} to {d2} {MONTHS_EN[m2 - 1]}, so people born between "
              f"those dates have {sign.name_en} as their sun sign.")
        ar = (f"برج {sign.name_ar} ({sign.name_en}) هو البرج {ORDINALS_AR[number]} من الأبراج "
              f"الاثني عشر، وعنصره {element_ar}. تكون الشمس في برج {sign.name_ar} من {d1} "
              f"{MONTHS_AR[m1 - 1]} إلى {d2} {MONTHS_AR[m2 - 1]}، فمن وُلد بين هذين التاريخين "
              f"فبرجه الشمسي هو {sign.name_ar}.")
        docs.append({"title": f"{sign.name_en} (zodiac sign)", "language": "en", "text": en,
                     "source": source, "licence": PROJECT_LICENCE})
        docs.append({"title": f"برج {sign.name_ar}", "language": "ar", "text": ar,
                     "source": source, "licence": PROJECT_LICENCE})
    return docs


def render() -> str:
    documents = tarot_documents() + zodiac_documents()
    return json.dumps({"generated_by": "scripts/generate_kb_seed.py", "documents": documents},
                      ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the file differs from what would be generated")
    args = parser.parse_args(argv)
    text = render()
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            sys.stderr.write(f"{OUTPUT} is stale; run `python scripts/generate_kb_seed.py`.\n")
            return 1
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
