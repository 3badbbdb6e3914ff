"""Every count that meets a noun goes through gettext's plural forms (issue 15 §1).

Three sources of text are read: the Russian catalogue (every msgid of the code and the templates), the templates
themselves (Russian document templates print text without gettext), and the Russian f-strings of the code
(order texts). A number placeholder followed by a word that changes with the number («%(n)s пар», «{{ n }}
направления») must be a plural entry or use `{% blocktranslate count %}` / `ngettext`.

Which placeholders are counts cannot be read from the text, so the ones that are not (names, titles, dates,
classes…) are listed here; a new placeholder is a count until it is added to that list. Words that do not change
with the number they follow (prepositions, abbreviations) are listed too.
"""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"

NOT_COUNTS = {
    "u",  # a username
    "rule",  # a matching rule's name
    "note",
    "valid_until",  # a date
    "name",
    "names",
    "title",
    "year",
    "date",
    "day",
    "group",
    "grade",
    "email",
    "status",
    "role",
    "list",
    "link",
    "value",
    "start",
    "end",
    "number",
    "pk",
    "sheets",
    "short_name",
    "full_name",
    "label",
    "when",
    "kind",
    "reason",
    "question",
    "answer",
    "person",
    "mentor",
    "mentee",
    "org",
    "organisation",
    "city",
    "address",
    "period",
    "period_label",
    "stage",
    "item",
    "position",
    "subject",
    "case",
    "text",
    "url",
    "filename",
    "field",
    "column",
    "row",
    "page",
    "form",
    "type",
    "target",
    "DELETE",  # a form's delete checkbox
    "curator_dat",  # «куратору Смирновой О. В.», a name in the dative
}
# Words that stay the same whatever number precedes them.
INVARIABLE = {"из", "по", "от", "до", "на", "в", "и", "или", "МБ", "чел", "г", "р", "—", "уже", "не", "нет"}

_CATALOGUE_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]\s+([А-Яа-яЁё]+)")


def _offending(name: str, word: str) -> bool:
    return name not in NOT_COUNTS and word not in INVARIABLE


def test_catalogue_counts_before_nouns_are_plural_entries():
    po = polib.pofile(str(CATALOGUE))
    bad = []
    for entry in po:
        if entry.msgid_plural or entry.obsolete:
            continue
        for name, word in _CATALOGUE_PLACEHOLDER.findall(entry.msgstr):
            if _offending(name, word):
                bad.append(f"{entry.msgid!r}: «%({name})s {word}»")
    assert not bad, "counts without plural forms:\n" + "\n".join(bad)


def test_catalogue_count_placeholders_are_plural_entries():
    """A msgid that takes %(count)s is always a plural entry, with the three Russian forms filled."""
    po = polib.pofile(str(CATALOGUE))
    bad = [e.msgid for e in po if not e.obsolete and "%(count)" in e.msgid and not e.msgid_plural]
    assert not bad, bad
    incomplete = [
        e.msgid for e in po if e.msgid_plural and not e.obsolete and not all(e.msgstr_plural.get(i) for i in (0, 1, 2))
    ]
    assert not incomplete, incomplete


_TEMPLATE_COUNT = re.compile(
    r"\{\{\s*([\w.]+)((?:\|[\w:\"'.]+)*)\s*\}\}\s*(?:&nbsp;)?\s*(\{%\s*(?:translate|trans)\b|[А-Яа-яЁё]+)"
)
_BLOCK = re.compile(r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}", re.S)
_FORMATTING_FILTERS = ("date", "case", "short_case", "name_case", "initials_case", "gender_word", "ru_date")


def _template_offences(text: str) -> list[str]:
    text = _BLOCK.sub("", text)  # blocktranslate text reaches the catalogue, checked above
    bad = []
    for expr, filters, follower in _TEMPLATE_COUNT.findall(text):
        last = expr.split(".")[-1]
        if any(f"|{name}" in filters for name in _FORMATTING_FILTERS):
            continue
        if (follower.startswith("{%") or _offending(last, follower)) and last not in NOT_COUNTS:
            bad.append(f"{{{{ {expr}{filters} }}}} {follower}")
    return bad


def test_templates_print_no_count_before_a_noun():
    bad = []
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.txt")):
        bad += [f"{path.relative_to(ROOT)}: {b}" for b in _template_offences(path.read_text(encoding="utf-8"))]
    assert not bad, "counts printed before a noun without plural forms:\n" + "\n".join(bad)


_FSTRING_COUNT = re.compile(r"\{([\w.\[\]\"']+)(?:![rs])?(?::[^{}]*)?\}\s+([А-Яа-яЁё]+)")
PYTHON_DIRS = ("mentoring", "programmes", "reports", "roadmap", "config")


def test_russian_fstrings_print_no_count_before_a_noun():
    bad = []
    for directory in PYTHON_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for expr, word in _FSTRING_COUNT.findall(path.read_text(encoding="utf-8")):
                last = re.split(r"[.\[\]\"']+", expr.strip("]\"'"))[-1]
                if _offending(last, word):
                    bad.append(f"{path.relative_to(ROOT)}: {{{expr}}} {word}")
    assert not bad, "counts printed before a noun without plural forms:\n" + "\n".join(bad)


def test_the_checks_catch_a_count_before_a_noun():
    assert _template_offences('{{ e.requests|length }} {% translate "directions" %}')
    assert _template_offences("{{ total }} пар и групп")
    assert not _template_offences("{{ person.grade }} класса")
    counted = "{% blocktranslate count n=total %}{{ n }} pair{% plural %}{{ n }} pairs{% endblocktranslate %}"
    assert not _template_offences(counted)
    assert _offending("silent", "пар") and not _offending("year", "учебный") and not _offending("load", "из")
