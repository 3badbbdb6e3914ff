"""Periods written in Russian free form («до 15.11.2020», «Октябрь-декабрь 2020», «первая декада сентября»,
«ежемесячно») read into a start and an end date of a chosen academic year.

Years written in the text are re-based onto the chosen year (a 2020/2021 roadmap imported into 2026/2027 moves by six
years). What cannot be read is returned as unclear — the text is kept and the curator sets the dates; nothing is
guessed. Each reading says how it was read, so the preview can show it."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "мая": 5,
    "май": 5,
    "мае": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH = (
    r"(январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]"
    r"|ноябр[ьяе]|декабр[ьяе])"
)
_YEAR = r"(?:\s*(\d{4}))?"
_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})"

RECURRENCE_MONTHLY = "monthly"
RECURRENCE_QUARTERLY = "quarterly"
RECURRENCE_WEEKLY = "weekly"
RECURRENCE_THROUGHOUT = "throughout"
RECURRENCE_ON_DEMAND = "on_demand"

_RECURRING = [
    (re.compile(r"ежемесячн"), RECURRENCE_MONTHLY),
    (re.compile(r"ежекварт"), RECURRENCE_QUARTERLY),
    (re.compile(r"еженедел"), RECURRENCE_WEEKLY),
    (re.compile(r"по мере (поступлен|необходимост|появлен)"), RECURRENCE_ON_DEMAND),
    (
        re.compile(r"в течени[ие] (всего |учебного |календарного )?(года|периода)|постоянно|систематическ"),
        RECURRENCE_THROUGHOUT,
    ),
]
RECURRENCE_LABELS = {
    RECURRENCE_MONTHLY: lambda: _("monthly"),
    RECURRENCE_QUARTERLY: lambda: _("quarterly"),
    RECURRENCE_WEEKLY: lambda: _("weekly"),
    RECURRENCE_THROUGHOUT: lambda: _("throughout the year"),
    RECURRENCE_ON_DEMAND: lambda: _("as the need arises"),
}
_DECADES = {"перв": (1, 10), "втор": (11, 20), "трет": (21, 31)}


@dataclass(frozen=True)
class PeriodReading:
    start: datetime.date | None
    end: datetime.date | None
    how: str
    recurrence: str = ""
    unclear: bool = False


def month_number(word: str) -> int:
    for stem, number in MONTHS.items():
        if word.startswith(stem):
            return number
    raise ValueError(word)


def normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[–—‒−]", "-", text)
    text = re.sub(r"(\d)\s*(?:г\.|года|гг\.|г\b)", r"\1", text)  # «2020 г.», «2020г.», «2021 года»
    return re.sub(r"\s+", " ", text).strip(" .;,")


def _school_year_of(year: int, month: int) -> int:
    return year if month >= 8 else year - 1


def source_school_year(texts) -> int | None:
    """The school year (its first calendar year) a roadmap was written for: the earliest one its dates name."""
    found = []
    for text in texts:
        norm = normalise(text or "")
        for _d, month, year in re.findall(_DATE, norm):
            if 1 <= int(month) <= 12:
                found.append(_school_year_of(_full_year(year), int(month)))
        for word, year in re.findall(_MONTH + r"\s*(\d{4})", norm):
            found.append(_school_year_of(int(year), month_number(word)))
    return min(found) if found else None


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def _clamp(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> datetime.date:
    return _clamp(year, month, 31)


class _Reader:
    def __init__(self, start_year: int, source_year: int | None):
        self.start_year = start_year
        self.shift = 0 if source_year is None else start_year - source_year
        self.shifted = False

    def year(self, written: int | None, month: int) -> int:
        """The calendar year of a month: a written year is re-based; otherwise the school year decides."""
        if written is None:
            return self.start_year if month >= 8 else self.start_year + 1
        if self.shift:
            self.shifted = True
        return written + self.shift

    def how(self, text: str) -> str:
        if self.shifted:
            return _("%(how)s; years moved by %(n)s") % {"how": text, "n": f"{self.shift:+d}"}
        return text


def _year_span(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 5, 31)


def parse_period(text: str, start_year: int, source_year: int | None = None) -> PeriodReading:
    """Read a period for the school year that starts in `start_year`; `source_year` is the school year the document
    was written for (from source_school_year), so its written years move onto the chosen one."""
    norm = normalise(text or "")
    if not norm:
        return PeriodReading(None, None, _("no period given"), unclear=True)
    r = _Reader(start_year, source_year)
    try:
        reading = _read_dates(norm, r)
    except ValueError:  # 31.02, month 13: a date that does not exist
        return PeriodReading(None, None, _("a date that does not exist"), unclear=True)
    if reading is not None:
        return reading
    for pattern, recurrence in _RECURRING:
        if pattern.search(norm):
            start, end = _year_span(start_year)
            how = _("the whole year, %(recurrence)s") % {"recurrence": RECURRENCE_LABELS[recurrence]()}
            return PeriodReading(start, end, how, recurrence=recurrence)
    return PeriodReading(None, None, _("not recognised: set the dates"), unclear=True)


def _read_dates(norm: str, r: _Reader) -> PeriodReading | None:
    # «с 1 ноября по 31 декабря 2020», «с 01.11.2020 по 31.12.2020»
    m = re.search(r"с (\d{1,2}) " + _MONTH + _YEAR + r" (?:по|до) (\d{1,2}) " + _MONTH + _YEAR, norm)
    if m:
        m1, m2 = month_number(m[2]), month_number(m[5])
        y2 = r.year(int(m[6]) if m[6] else (int(m[3]) if m[3] else None), m2)
        y1 = r.year(int(m[3]), m1) if m[3] else (y2 if m1 <= m2 else y2 - 1)
        start, end = _clamp(y1, m1, int(m[1])), _clamp(y2, m2, int(m[4]))
        return _range(start, end, r.how(_("from a day to a day")))
    dates = [(int(d), int(mo), _full_year(y)) for d, mo, y in re.findall(_DATE, norm)]
    if len(dates) >= 2:
        (d1, m1, y1), (d2, m2, y2) = dates[0], dates[-1]
        start, end = datetime.date(r.year(y1, m1), m1, d1), datetime.date(r.year(y2, m2), m2, d2)
        return _range(start, end, r.how(_("from a date to a date")))
    if len(dates) == 1:
        d, mo, y = dates[0]
        end = datetime.date(r.year(y, mo), mo, d)
        return PeriodReading(None, end, r.how(_("a deadline")))
    # «15-30 октября 2020»
    m = re.search(r"(\d{1,2})\s*-\s*(\d{1,2}) " + _MONTH + _YEAR, norm)
    if m:
        month = month_number(m[3])
        year = r.year(int(m[4]) if m[4] else None, month)
        return _range(_clamp(year, month, int(m[1])), _clamp(year, month, int(m[2])), r.how(_("days of a month")))
    # «первая декада сентября»
    m = re.search(r"(перв|втор|трет)\w* декад\w* " + _MONTH + _YEAR, norm)
    if m:
        month = month_number(m[2])
        year = r.year(int(m[3]) if m[3] else None, month)
        first, last = _DECADES[m[1]]
        return _range(_clamp(year, month, first), _clamp(year, month, last), r.how(_("a ten-day period of a month")))
    # «до 2021»: a year alone is not a date
    if re.fullmatch(r"(до |к )?\d{4}", norm):
        return PeriodReading(None, None, _("only a year: set the dates"), unclear=True)
    months = [(month_number(w), int(y) if y else None) for w, y in re.findall(_MONTH + _YEAR, norm)]
    if not months:
        return None
    # A year written after a month applies to the months before it that have none («октябрь-декабрь 2020»);
    # with no year at all, the last month falls in the school year and the earlier ones run up to it.
    spans, following = [], None  # following: (month, calendar year) of the next month in the list
    for month, written in reversed(months):
        if written is not None:
            year = r.year(written, month)
        elif following is not None:
            year = following[1] if month <= following[0] else following[1] - 1
        else:
            year = r.year(None, month)
        following = (month, year)
        spans.append((datetime.date(year, month, 1), _month_end(year, month)))
    start, end = min(s for s, _e in spans), max(e for _s, e in spans)
    if len(spans) == 1:
        how = _("a month")
    elif len(spans) == 2 and re.search(_MONTH + r"\s*\d*\s*-\s*" + _MONTH, norm):
        how = _("from a month to a month")
    else:
        how = _("several months: from the first to the last")
    reading = _range(start, end, r.how(how))
    if _is_to_deadline(norm) and len(spans) == 1:
        return PeriodReading(None, end, r.how(_("by the end of a month")))
    return reading


def _is_to_deadline(norm: str) -> bool:
    return norm.startswith("до ") or norm.startswith("не позднее ")


def _range(start: datetime.date, end: datetime.date, how: str) -> PeriodReading:
    if end < start:
        return PeriodReading(None, None, _("the end is before the start: set the dates"), unclear=True)
    if start == end:
        return PeriodReading(None, end, how)
    return PeriodReading(start, end, how)
