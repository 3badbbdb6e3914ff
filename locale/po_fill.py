"""Developer tool: fill msgstr of locale/ru from a Python dict file, then report what is still untranslated.

python locale/po_fill.py path/to/translations.py   # the file defines T = {"English msgid": "Русский", ...}
python locale/po_fill.py --check                    # exit 1 if anything is untranslated or fuzzy
python locale/po_fill.py --only-missing a.py b.py    # fill only untranslated entries (merging branches' catalogues)
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).parent / "ru" / "LC_MESSAGES" / "django.po"


def main(argv: list[str]) -> int:
    po = polib.pofile(str(PO))
    only_missing = "--only-missing" in argv
    argv = [a for a in argv if a != "--only-missing"]
    if argv and argv[0] != "--check":
        nplurals = int(po.metadata.get("Plural-Forms", "nplurals=2").split("nplurals=")[1].split(";")[0])
        table = {}
        for path in argv:
            table.update(runpy.run_path(path)["T"])
        for entry in po:
            if only_missing and entry.translated() and "fuzzy" not in entry.flags:
                continue
            key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
            if key in table:
                value = table[key]
                if isinstance(value, list):  # plural forms: one / few / many (the last repeats for fractions)
                    entry.msgstr_plural = {i: value[min(i, len(value) - 1)] for i in range(nplurals)}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(po)} entries, {len(missing)} untranslated or fuzzy")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
