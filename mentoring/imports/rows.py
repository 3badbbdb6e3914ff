"""Step 1 (continued): one spreadsheet row → person fields and bank fields, or a note why it is not a person.

Messages name the row and the column as the curator sees them («Строка 3, столбец F «Дата рождения»: …»).
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..choices import Category, Direction, MentoringForm, QualificationCategory
from ..kinds import current_kind_profile, unit_normalise
from .parse import Table, column_key, norm

CATEGORY_WORDS = {
    "учитель": Category.TEACHER,
    "педагог": Category.TEACHER,
    "педагогический работник": Category.TEACHER,
    "молодой специалист": Category.YOUNG_SPECIALIST,
    "молодой педагог": Category.YOUNG_SPECIALIST,
    "обучающийся": Category.STUDENT,
    "ученик": Category.STUDENT,
    "ученица": Category.STUDENT,
    "учащийся": Category.STUDENT,
    "школьник": Category.STUDENT,
    "внешний участник": Category.EXTERNAL,
    "внешний": Category.EXTERNAL,
    "работодатель": Category.EXTERNAL,
    # The other kinds' words (mentoring.kinds).
    "воспитатель": Category.EDUCATOR,
    "старший воспитатель": Category.EDUCATOR,
    "педагог дополнительного образования": Category.TEACHER,
    "преподаватель": Category.TEACHER,
    "студент": Category.STUDENT,
    "студентка": Category.STUDENT,
}
QUALIFICATION_WORDS = {
    "": QualificationCategory.NONE,
    "нет": QualificationCategory.NONE,
    "без категории": QualificationCategory.NONE,
    "соответствие": QualificationCategory.CONFORMITY,
    "соответствие занимаемой должности": QualificationCategory.CONFORMITY,
    "сзд": QualificationCategory.CONFORMITY,
    "первая": QualificationCategory.FIRST,
    "высшая": QualificationCategory.HIGHEST,
}
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
TOTAL_WORDS = ("итого", "всего", "итог")


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowData:
    number: int
    person: dict = field(default_factory=dict)
    bank: dict = field(default_factory=dict)
    birth_year: int | None = None  # the federal forms keep only the year of birth
    errors: list[RowError] = field(default_factory=list)

    @property
    def name(self) -> str:
        p = self.person
        return " ".join(x for x in (p.get("last_name"), p.get("first_name"), p.get("patronymic")) if x)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = " ".join(str(value).split())
    if result[:1] == "'" and result[1:2] in ("=", "+", "-", "@"):
        result = result[1:]  # our own export neutralised a formula-like cell (resources.neutralise)
    return result


def _labels(choice_class) -> dict[str, str]:
    """Accept both the code and the Russian label of a choice."""
    with translation.override("ru"):
        result = {norm(label): value for value, label in choice_class.choices}
    result.update({norm(value): value for value in choice_class.values})
    return result


def skip_reason(table: Table, values: list) -> str | None:
    """Why a filled row is not a person: a totals line, a repeated heading row, a row of numbers only."""
    filled = [v for v in values if v is not None and str(v).strip()]
    first = norm(filled[0]) if filled else ""
    if any(first == w or first.startswith(w + " ") for w in TOTAL_WORDS):
        return _("a totals row («%(text)s»), not a person") % {"text": text(filled[0])[:40]}
    if column_key(table.cell(values, "full_name") or table.cell(values, "last_name")):
        return _("the heading row repeated")
    if all(isinstance(v, int | float) or NUMBERS_ONLY.fullmatch(str(v).strip()) for v in filled):
        return _("only numbers (a totals line), not a person")
    return None


DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
YEAR_ONLY = re.compile(r"((?:19|20)\d\d)(?:\s*г\.?)?")
NUMBERS_ONLY = re.compile(r"[\d\s.,%+-]+")


def parse_date(value, *, earliest: int = 1900, today=None) -> tuple[datetime.date | None, int | None]:
    """(date, year): a cell with the year only gives (None, year)."""
    if value in (None, ""):
        return None, None
    today = today or timezone.localdate()
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        raw = text(value)
        day = None
        dotted = DOTTED_DATE.fullmatch(raw)
        if dotted:  # the usual DD.MM.YYYY without strptime's cost
            try:
                day = datetime.date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
            except ValueError:
                dotted = None
        for pattern in () if day else ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
            try:
                day = datetime.datetime.strptime(raw, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            match = YEAR_ONLY.fullmatch(raw)
            if match and earliest <= int(match.group(1)) <= today.year:
                return None, int(match.group(1))
            raise ValueError(_("«%(value)s» is not a date; write it as DD.MM.YYYY, e.g. 05.09.2012.") % {"value": raw})
    if day.year < earliest or day > today:
        raise ValueError(_("the date %(date)s is not plausible.") % {"date": day.strftime("%d.%m.%Y")})
    return day, day.year


def _split_name(value: str) -> tuple[str, str, str]:
    parts = value.split()
    if len(parts) < 2:
        raise ValueError(_("write the surname and the name, e.g. «Иванова Анна Петровна»."))
    return parts[0], parts[1], " ".join(parts[2:])


def _choice_list(value, lookup: dict[str, str]) -> list[str]:
    result = []
    for part in re.split(r"[;,\n]+", text(value)):
        if not part.strip():
            continue
        code = lookup.get(norm(part))
        if code is None:
            raise ValueError(
                _("«%(value)s» is not one of: %(allowed)s.")
                % {"value": part.strip(), "allowed": ", ".join(sorted({k for k in lookup if not k.isascii()}))}
            )
        if code not in result:
            result.append(code)
    return result


def _whole_number(value, message: str) -> int | None:
    raw = text(value)
    if not raw:
        return None
    match = re.match(r"^([+-]?\d{1,3})\b", raw)
    if not match:
        raise ValueError(message)
    return int(match.group(1))


class RowReader:
    """Turns one row into person fields and bank fields, collecting errors by column."""

    @cached_property
    def kind(self):
        """The kind of organisation (mentoring.kinds), read when a row first names a category: one query per
        import, whatever the process read before."""
        return current_kind_profile(fresh=True)

    @cached_property
    def categories(self) -> dict[str, str]:
        with translation.override("ru"):  # and the kind's own names: «Педагог (специалист)», «Студент»
            own = {norm(str(label)): code for code, label in self.kind.category_choices()}
        return CATEGORY_WORDS | _labels(Category) | own

    def __init__(self, table: Table, target: str):
        self.table, self.target = table, target
        self.directions = _labels(Direction)
        self.forms = _labels(MentoringForm)
        self.qualifications = QUALIFICATION_WORDS | _labels(QualificationCategory)
        self.today = timezone.localdate()

    def has(self, key: str) -> bool:
        return key in self.table.columns

    def read(self, number: int, values: list) -> RowData:
        row = RowData(number)
        cell = self.table.cell

        def guard(key, func):
            if not self.has(key):
                return None
            try:
                return func(cell(values, key))
            except ValueError as exc:
                row.errors.append(RowError(number, self.table.column_label(key), str(exc)))
                return None

        person = row.person
        if self.has("full_name") and text(cell(values, "full_name")):
            names = guard("full_name", lambda v: _split_name(text(v)))
            if names:
                person["last_name"], person["first_name"], person["patronymic"] = names
        else:
            for key in ("last_name", "first_name", "patronymic"):
                person[key] = text(cell(values, key))
            if not person["last_name"] or not person["first_name"]:
                key = "full_name" if self.has("full_name") else "last_name"
                row.errors.append(
                    RowError(number, self.table.column_label(key), _("the surname and the name are required."))
                )
        for key in ("position", "subject", "workplace"):
            if self.has(key):
                person[key] = text(cell(values, key))
        if self.has("grade"):
            person["grade"] = unit_normalise(text(cell(values, "grade")))
        born = guard("birth_date", lambda v: parse_date(v, today=self.today))
        if born:
            if born[0]:
                person["birth_date"] = born[0]
            row.birth_year = born[1]
        self._contacts(row, values)
        years = guard("experience", lambda v: _whole_number(v, _("write the years of service as a number, e.g. 12.")))
        if years is not None:
            person["career_start_year"] = self.today.year - years
        raw_category = text(cell(values, "category"))
        if raw_category:
            category = self.categories.get(norm(raw_category))
            if category is None:
                row.errors.append(
                    RowError(
                        number,
                        self.table.column_label("category"),
                        _(
                            "«%(value)s» is not a category; write: учитель, молодой специалист, обучающийся or "
                            "внешний участник."
                        )
                        % {"value": raw_category},
                    )
                )
            elif category not in self.kind.category_codes:
                row.errors.append(
                    RowError(
                        number,
                        self.table.column_label("category"),
                        _("«%(value)s»: this organisation has no participants of this category.")
                        % {"value": raw_category},
                    )
                )
            else:
                person["category"] = category
        if self.target != "people":
            self._bank(row, values, guard)
        return row

    def _contacts(self, row: RowData, values: list) -> None:
        cell, person = self.table.cell, row.person
        email, phone, representative = "", "", ""
        if self.has("contacts"):
            contacts = text(cell(values, "contacts"))
            # «законный представитель: …» in the mentee bank's contacts is the parent's, not the pupil's.
            found = re.search(r"законный представитель:\s*([^,;]*)[,;]?", contacts, flags=re.IGNORECASE)
            if found:
                representative = found.group(1).strip()
                contacts = (contacts[: found.start()] + contacts[found.end() :]).strip(" ,;")
            match = EMAIL_RE.search(contacts)
            if match:
                email = match.group(0)
                contacts = (contacts[: match.start()] + contacts[match.end() :]).strip(" ,;")
            phone = contacts
        if self.has("representative"):
            representative = text(cell(values, "representative")) or representative
        if self.has("email"):
            email = text(cell(values, "email")) or email
        if self.has("phone"):
            phone = text(cell(values, "phone")) or phone
        if email:
            try:
                validate_email(email)
                person["email"] = email.lower()
            except ValidationError:
                column = self.table.column_label("email") or self.table.column_label("contacts")
                row.errors.append(
                    RowError(row.number, column, _("«%(value)s» is not an email address.") % {"value": email})
                )
        if phone:
            person["phone"] = phone
        if representative:
            person["representative_contacts"] = representative

    def _bank(self, row: RowData, values: list, guard) -> None:
        cell, bank = self.table.cell, row.bank
        directions = guard("directions", lambda v: _choice_list(v, self.directions))
        forms = guard("form", lambda v: _choice_list(v, self.forms))
        if self.target == "mentees":
            if directions:
                bank["requests"] = directions
            if text(cell(values, "request_text")):
                bank["request_text"] = text(cell(values, "request_text"))
            if forms:
                bank["preferred_form"] = forms[0]
            entered = guard("entered_on", lambda v: parse_date(v, earliest=2000, today=self.today)[0])
            if entered:
                bank["entered_on"] = entered
            return
        if directions:
            bank["directions"] = directions
        if forms:
            bank["preferred_forms"] = forms
        for key in ("competencies", "interests", "desired_mentee_age", "available_period"):
            if text(cell(values, key)):
                bank[key] = text(cell(values, key))
        qualification = text(cell(values, "qualification_category"))
        if qualification:
            code = self.qualifications.get(norm(qualification).replace(" категория", ""))
            if code is None:
                row.errors.append(
                    RowError(
                        row.number,
                        self.table.column_label("qualification_category"),
                        _("write: первая, высшая, соответствие or leave empty."),
                    )
                )
            else:
                bank["qualification_category"] = code
        capacity = guard("capacity", lambda v: _whole_number(v, _("write how many mentees as a number, e.g. 2.")))
        if capacity is not None:
            bank["capacity"] = capacity
