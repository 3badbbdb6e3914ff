"""Import of people and bank entries from the XLSX/CSV files schools keep (columns of DOMAIN.md).

One code path for the preview and the real import: every row goes through the same services inside one
transaction; the preview (and any file with an invalid row) rolls it all back, so what the preview shows is
exactly what the import does, and a file with one bad row saves nothing (all-or-nothing).
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..choices import Category, Direction, MenteeStatus, MentoringForm, MentorStatus, QualificationCategory
from ..models import AcademicYear, MenteeProfile, MentorProfile, Person
from ..russian import ru_number
from ..selectors import valid_consent_q
from .banks import mentee_profile_create, mentee_profile_update, mentor_profile_create, mentor_profile_update
from .people import person_create, person_update

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10  # schools often put a title above the table


class Target:
    PEOPLE = "people"
    MENTEES = "mentees"
    MENTORS = "mentors"
    CHOICES = (PEOPLE, MENTEES, MENTORS)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, too big, no table found. The message is for the user."""


def _norm(text) -> str:
    text = str(text or "").lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# Canonical column → the headings schools write (normalised by `_norm`).
COLUMNS = {
    "full_name": ["фио", "ф и о", "фамилия имя отчество", "фио наставляемого", "фио наставника", "фио участника"],
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "category": ["категория", "категория участника"],
    "position": ["должность"],
    "subject": ["предмет", "преподаваемый предмет", "предмет дисциплина"],
    "grade": ["класс"],
    "birth_date": ["дата рождения", "год рождения"],
    "email": ["email", "e mail", "электронная почта", "эл почта", "адрес электронной почты"],
    "phone": ["телефон", "контактный телефон"],
    "contacts": [
        "контактные данные",
        "контакты",
        "контактные данные для обучающихся законного представителя",
        "контактные данные законного представителя",
    ],
    "workplace": ["место работы", "место учебы", "место работы учебы"],
    "experience": ["стаж", "педагогический стаж", "стаж лет"],
    "request_text": ["запрос", "основной запрос", "запросы", "затруднения", "профессиональные затруднения"],
    "directions": ["направления", "направления запроса", "направления наставничества"],
    "competencies": ["опыт и компетенции", "компетенции"],
    "interests": ["интересы"],
    "qualification_category": ["квалификационная категория"],
    "form": ["форма наставничества", "желаемая форма наставничества"],
    "desired_mentee_age": ["желаемый возраст наставляемых"],
    "available_period": ["период в который готов работать", "период работы"],
    "capacity": ["сколько наставляемых", "число наставляемых", "количество наставляемых"],
    "entered_on": ["дата вхождения в программу", "дата включения в базу"],
}
ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
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


def _labels(choice_class) -> dict[str, str]:
    """Accept both the code and the Russian label of a choice."""
    with translation.override("ru"):
        result = {_norm(label): value for value, label in choice_class.choices}
    result.update({_norm(value): value for value in choice_class.values})
    return result


# --- Reading the file ------------------------------------------------------------------------------


@dataclass
class Table:
    sheet: str
    headers: dict[int, str]  # column index → heading as written
    columns: dict[str, int]  # canonical key → column index
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)
    ignored: list[str] = field(default_factory=list)
    is_xlsx: bool = True

    def column_label(self, key: str) -> str:
        index = self.columns.get(key)
        if index is None and key in ("last_name", "first_name", "patronymic"):
            index = self.columns.get("full_name")
        if index is None:
            return ""
        heading = self.headers[index]
        return f"{get_column_letter(index + 1)} «{heading}»" if self.is_xlsx else f"№{index + 1} «{heading}»"


def _find_header(rows: list[list]) -> tuple[int, dict[str, int], dict[int, str]] | None:
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, headers = {}, {}
        for index, cell in enumerate(row):
            key = ALIASES.get(_norm(cell))
            if cell not in (None, ""):
                headers[index] = " ".join(str(cell).split())
            if key and key not in columns:
                columns[key] = index
        if "full_name" in columns or "last_name" in columns:
            return position, columns, headers
    return None


def _table_from_rows(sheet: str, raw: list[list], is_xlsx: bool) -> Table | None:
    found = _find_header(raw)
    if found is None:
        return None
    position, columns, headers = found
    used = set(columns.values())
    ignored = [headers[i] for i in sorted(headers) if i not in used]
    rows = [(position + 2 + offset, list(row)) for offset, row in enumerate(raw[position + 1 :])]
    return Table(sheet=sheet, headers=headers, columns=columns, rows=rows, ignored=ignored, is_xlsx=is_xlsx)


def _read_xlsx(content: bytes) -> list[tuple[str, list[list]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("The file cannot be read as an Excel workbook (.xlsx). Save it again as .xlsx.")
        ) from exc
    sheets = []
    try:
        for ws in workbook.worksheets:
            rows, data_rows = [], 0
            for row in ws.iter_rows(values_only=True):
                rows.append(list(row))
                if any(c not in (None, "") for c in row):
                    data_rows += 1
                if data_rows > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise ImportFileError(_too_many_rows())
            sheets.append((ws.title, rows))
    finally:
        workbook.close()
    return sheets


def _read_csv(content: bytes) -> list[tuple[str, list[list]]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover — cp1251 decodes any byte string
        raise ImportFileError(_("The CSV file's encoding is unknown. Save it as UTF-8."))
    sample = text[:4096]
    delimiter = max(";,\t", key=sample.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if sum(1 for r in rows if any(c.strip() for c in r)) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise ImportFileError(_too_many_rows())
    return [("CSV", rows)]


def _too_many_rows() -> str:
    return ngettext(
        "The file has more than %(limit)s row. Split it into several files.",
        "The file has more than %(limit)s rows. Split it into several files.",
        MAX_ROWS,
    ) % {"limit": ru_number(MAX_ROWS)}


def table_read(*, content: bytes, filename: str) -> Table:
    """Find the table in an uploaded file: the first sheet whose header has a name column."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into several files.")
            % {"size": ru_number(len(content) / 1024 / 1024), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        sheets, is_xlsx = _read_xlsx(content), True
    elif name.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported. Save the file as .xlsx and upload it again.")
        )
    elif name.endswith((".csv", ".txt")):
        sheets, is_xlsx = _read_csv(content), False
    else:
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    for title, raw in sheets:
        table = _table_from_rows(title, raw, is_xlsx)
        if table is not None:
            if len([r for r in table.rows if _filled(r[1])]) > MAX_ROWS:
                raise ImportFileError(_too_many_rows())
            return table
    raise ImportFileError(
        _(
            "No sheet has a heading row with the column «ФИО» (or «Фамилия», «Имя»). Sheets in the file: "
            "%(sheets)s. Check that the table is on one of them and its first rows are the column headings."
        )
        % {"sheets": ", ".join(f"«{title}»" for title, _raw in sheets)}
    )


def _filled(values: list) -> bool:
    return any(str(v).strip() for v in values if v is not None)


# --- One row ---------------------------------------------------------------------------------------


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
class RowResult:
    row: int
    action: str  # create / update / unchanged / skip / error
    name: str = ""
    changes: list[str] = field(default_factory=list)
    bank: str = ""  # "" / create / update
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    target: str
    sheet: str = ""
    rows: list[RowResult] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def summary(self) -> dict:
        return {a: self.count(a) for a in ("create", "update", "unchanged", "skip", "error")} | {
            "bank": sum(1 for r in self.rows if r.bank)
        }


class _RowInvalid(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # our own export neutralised a formula-like cell (resources.neutralise)
    return text


def _parse_date(value, *, earliest: int = 1900) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = _text(value)
        day = None
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            if re.fullmatch(r"(19|20)\d\d", text):
                return None  # the federal form keeps only the year of birth: nothing to store
            raise ValueError(_("«%(value)s» is not a date; write it as DD.MM.YYYY, e.g. 05.09.2012.") % {"value": text})
    if day.year < earliest or day > timezone.localdate():
        raise ValueError(_("the date %(date)s is not plausible.") % {"date": day.strftime("%d.%m.%Y")})
    return day


def _split_name(text: str) -> tuple[str, str, str]:
    parts = text.split()
    if len(parts) < 2:
        raise ValueError(_("write the surname and the name, e.g. «Иванова Анна Петровна»."))
    return parts[0], parts[1], " ".join(parts[2:])


def _parse_choice_list(value, lookup: dict[str, str]) -> list[str]:
    result = []
    for part in re.split(r"[;,\n]+", _text(value)):
        if not part.strip():
            continue
        code = lookup.get(_norm(part))
        if code is None:
            raise ValueError(
                _("«%(value)s» is not one of: %(allowed)s.")
                % {"value": part.strip(), "allowed": ", ".join(sorted({k for k in lookup if not k.isascii()}))}
            )
        if code not in result:
            result.append(code)
    return result


class RowParser:
    """Turns one row into person fields and bank fields, collecting errors by column."""

    def __init__(self, table: Table, target: str):
        self.table, self.target = table, target
        self.directions = _labels(Direction)
        self.forms = _labels(MentoringForm)
        self.categories = CATEGORY_WORDS | _labels(Category)
        self.qualifications = QUALIFICATION_WORDS | _labels(QualificationCategory)

    def cell(self, values: list, key: str):
        index = self.table.columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def parse(self, number: int, values: list) -> tuple[dict, dict, list[RowError]]:
        errors: list[RowError] = []
        person: dict = {}
        bank: dict = {}

        def guard(key, func):
            raw = self.cell(values, key)
            try:
                return func(raw)
            except ValueError as exc:
                errors.append(RowError(number, self.table.column_label(key), str(exc)))
                return None

        if "full_name" in self.table.columns and _text(self.cell(values, "full_name")):
            names = guard("full_name", lambda v: _split_name(_text(v)))
            if names:
                person["last_name"], person["first_name"], person["patronymic"] = names
        else:
            for key in ("last_name", "first_name", "patronymic"):
                person[key] = _text(self.cell(values, key))
            if not person["last_name"] or not person["first_name"]:
                key = "full_name" if "full_name" in self.table.columns else "last_name"
                errors.append(
                    RowError(number, self.table.column_label(key), _("the surname and the name are required."))
                )
        for key in ("position", "subject", "workplace"):
            if key in self.table.columns:
                person[key] = _text(self.cell(values, key))[:300]
        if "grade" in self.table.columns:
            person["grade"] = _text(self.cell(values, "grade")).replace(" ", "").upper()
            if len(person["grade"]) > 10:
                errors.append(RowError(number, self.table.column_label("grade"), _("a class looks like «7Б».")))
        if "birth_date" in self.table.columns:
            day = guard("birth_date", _parse_date)
            if day is not None:
                person["birth_date"] = day
        email, phone = "", ""
        if "contacts" in self.table.columns:
            contacts = _text(self.cell(values, "contacts"))
            # The mentee bank's contacts name the legal representative: that is not the pupil's phone.
            contacts = re.sub(r"законный представитель:[^,;]*[,;]?", "", contacts, flags=re.IGNORECASE).strip()
            match = EMAIL_RE.search(contacts)
            if match:
                email = match.group(0)
                contacts = (contacts[: match.start()] + contacts[match.end() :]).strip(" ,;")
            phone = contacts
        if "email" in self.table.columns:
            email = _text(self.cell(values, "email")) or email
        if "phone" in self.table.columns:
            phone = _text(self.cell(values, "phone")) or phone
        if email:
            try:
                validate_email(email)
                person["email"] = email.lower()
            except ValidationError:
                errors.append(
                    RowError(
                        number,
                        self.table.column_label("email") or self.table.column_label("contacts"),
                        _("«%(value)s» is not an email address.") % {"value": email},
                    )
                )
        if phone:
            person["phone"] = phone[:50]
        if "experience" in self.table.columns:
            years = guard("experience", self._years)
            if years is not None:
                person["career_start_year"] = timezone.localdate().year - years
        raw_category = _text(self.cell(values, "category"))
        if raw_category:
            category = self.categories.get(_norm(raw_category))
            if category is None:
                errors.append(
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
            else:
                person["category"] = category
        if self.target != Target.PEOPLE:
            bank = self._bank_fields(number, values, errors)
        return person, bank, errors

    @staticmethod
    def _years(value) -> int | None:
        text = _text(value)
        if not text:
            return None
        match = re.match(r"^(\d{1,2})", text)
        if not match:
            raise ValueError(_("write the years of service as a number, e.g. 12."))
        return int(match.group(1))

    def _bank_fields(self, number: int, values: list, errors: list[RowError]) -> dict:
        bank: dict = {}

        def guard(key, func):
            if key not in self.table.columns:
                return None
            try:
                return func(self.cell(values, key))
            except ValueError as exc:
                errors.append(RowError(number, self.table.column_label(key), str(exc)))
                return None

        directions = guard("directions", lambda v: _parse_choice_list(v, self.directions))
        forms = guard("form", lambda v: _parse_choice_list(v, self.forms))
        if self.target == Target.MENTEES:
            if directions:
                bank["requests"] = directions
            if "request_text" in self.table.columns:
                bank["request_text"] = _text(self.cell(values, "request_text"))
            if forms:
                bank["preferred_form"] = forms[0]
            entered = guard("entered_on", lambda v: _parse_date(v, earliest=2000))
            if entered:
                bank["entered_on"] = entered
        else:
            if directions:
                bank["directions"] = directions
            if forms:
                bank["preferred_forms"] = forms
            for key in ("competencies", "interests", "desired_mentee_age", "available_period"):
                if key in self.table.columns and _text(self.cell(values, key)):
                    bank[key] = _text(self.cell(values, key))[: 200 if key == "available_period" else 5000]
            if "desired_mentee_age" in bank:
                bank["desired_mentee_age"] = bank["desired_mentee_age"][:100]
            qualification = _text(self.cell(values, "qualification_category"))
            if qualification:
                code = self.qualifications.get(_norm(qualification).replace(" категория", ""))
                if code is None:
                    errors.append(
                        RowError(
                            number,
                            self.table.column_label("qualification_category"),
                            _("write: первая, высшая, соответствие or leave empty."),
                        )
                    )
                else:
                    bank["qualification_category"] = code
            capacity = guard("capacity", self._years)
            if capacity is not None:
                bank["capacity"] = capacity
        return bank


# --- The whole file --------------------------------------------------------------------------------

FIELD_COLUMNS = {
    "career_start_year": "experience",
    "requests": "directions",
    "directions": "directions",
    "preferred_form": "form",
    "preferred_forms": "form",
}


def _key(last: str, first: str, patronymic: str, birth_date) -> tuple:
    return (_norm(last), _norm(first), _norm(patronymic), birth_date)


class _Importer:
    def __init__(self, table: Table, target: str, year: AcademicYear | None):
        self.table, self.target, self.year = table, target, year
        self.parser = RowParser(table, target)
        people = Person.objects.active().in_bulk()
        self.people = people
        self.by_key = {
            _key(p.last_name, p.first_name, p.patronymic, p.birth_date): p for p in people.values() if p.birth_date
        }
        self.by_email = {p.email.lower(): p for p in people.values() if p.email}
        self.seen: dict[int | tuple, int] = {}  # person pk or new key → first row
        self.consented = set()
        self.profiles: dict[int, object] = {}
        if target != Target.PEOPLE:
            self.consented = set(
                Person.objects.filter(valid_consent_q(prefix="consents__")).values_list("pk", flat=True)
            )
            model = MenteeProfile if target == Target.MENTEES else MentorProfile
            self.profiles = {p.person_id: p for p in model.objects.filter(year=year).select_related("person")}

    def column_for(self, field_name: str) -> str:
        return self.table.column_label(FIELD_COLUMNS.get(field_name, field_name)) or self.table.column_label(
            "full_name"
        )

    def row(self, number: int, values: list) -> RowResult:
        if not _filled(values):
            return RowResult(row=number, action="skip")
        person_fields, bank_fields, errors = self.parser.parse(number, values)
        result = RowResult(row=number, action="error", errors=errors)
        if errors:
            return result
        result.name = " ".join(
            p for p in (person_fields["last_name"], person_fields["first_name"], person_fields["patronymic"]) if p
        )
        existing = self._match(number, person_fields, result)
        if result.errors:
            return result
        # No savepoint per row: thousands of subtransactions slow PostgreSQL down badly. A ValidationError is
        # raised by a service before its statement runs, so the transaction stays usable, and any row error
        # rolls the whole import back at the end anyway (all-or-nothing).
        try:
            person = self._write_person(existing, person_fields, result)
            self.seen.setdefault(person.pk, number)
            if self.target != Target.PEOPLE:
                self._write_bank(number, person, bank_fields, result)
        except ValidationError as exc:
            transaction.set_rollback(False)  # set by the services' atomic(savepoint=False); no statement failed
            self._collect(number, exc, result)
            result.action = "error"
        return result

    def _match(self, number, fields, result) -> Person | None:
        by_key = None
        if fields.get("birth_date"):
            by_key = self.by_key.get(
                _key(fields["last_name"], fields["first_name"], fields["patronymic"], fields["birth_date"])
            )
        by_email = self.by_email.get(fields.get("email", ""))
        if by_key and by_email and by_key.pk != by_email.pk:
            result.errors.append(
                RowError(
                    number,
                    self.column_for("email"),
                    _("this email belongs to %(other)s, while the name and date of birth match %(person)s.")
                    % {"other": by_email, "person": by_key},
                )
            )
            return None
        existing = by_key or by_email
        seen_key = (
            existing.pk
            if existing
            else _key(fields["last_name"], fields["first_name"], fields["patronymic"], fields.get("birth_date"))
        )
        if seen_key in self.seen:
            result.errors.append(
                RowError(
                    number,
                    self.column_for("last_name"),
                    _("the same person as in row %(row)s; keep one row per person.") % {"row": self.seen[seen_key]},
                )
            )
            return None
        self.seen[seen_key] = number
        return existing

    def _write_person(self, existing, fields, result) -> Person:
        if existing is None:
            fields.setdefault("category", Category.STUDENT if fields.get("grade") else Category.TEACHER)
            person = person_create(**fields)
            result.action = "create"
            self._remember(person)
            return person
        # An update fills in what the file says; an empty cell never erases what the school already has.
        changes = {k: v for k, v in fields.items() if v not in ("", None) and getattr(existing, k) != v}
        if changes:
            old_email = existing.email.lower()
            person_update(person=existing, **changes)
            if old_email != existing.email.lower():
                self.by_email.pop(old_email, None)
            self._remember(existing)
            result.action = "update"
            result.changes = [str(Person._meta.get_field(k).verbose_name) for k in changes]
        else:
            result.action = "unchanged"
        return existing

    def _remember(self, person: Person) -> None:
        if person.birth_date:
            self.by_key[_key(person.last_name, person.first_name, person.patronymic, person.birth_date)] = person
        if person.email:
            self.by_email[person.email.lower()] = person

    def _write_bank(self, number, person, fields, result) -> None:
        if person.pk not in self.consented:
            # 152-ФЗ art. 9: importing the person is fine, putting them into a bank is not, without consent.
            raise ValidationError(
                {
                    "last_name": _(
                        "%(name)s has no valid personal-data consent: record it before adding them to a "
                        "bank, or import them into the list of people only."
                    )
                    % {"name": person}
                }
            )
        profile = self.profiles.get(person.pk)
        if self.target == Target.MENTEES:
            if profile is None:
                mentee_profile_create(person=person, year=self.year, status=MenteeStatus.AWAITING, **fields)
                result.bank = "create"
            elif fields:
                mentee_profile_update(profile=profile, **fields)
                result.bank = "update"
        else:
            if profile is None:
                mentor_profile_create(person=person, year=self.year, status=MentorStatus.CANDIDATE, **fields)
                result.bank = "create"
            elif fields:
                mentor_profile_update(profile=profile, **fields)
                result.bank = "update"
        if result.action == "unchanged" and result.bank:
            result.action = "update"

    def _collect(self, number, exc: ValidationError, result) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                column = self.column_for(name) if name != "__all__" else ""
                for message in messages:
                    result.errors.append(RowError(number, column, message))
        else:
            for message in exc.messages:
                result.errors.append(RowError(number, "", message))


def import_run(
    *, content: bytes, filename: str, target: str, year: AcademicYear | None = None, dry_run: bool = True
) -> ImportResult:
    """Check (dry_run) or import a file. Any invalid row means nothing is saved. Raises ImportFileError."""
    if target not in Target.CHOICES:
        raise ValueError(target)
    if target != Target.PEOPLE and year is None:
        raise ImportFileError(_("Set the current academic year before importing into a bank."))
    table = table_read(content=content, filename=filename)
    result = ImportResult(target=target, sheet=table.sheet, ignored_columns=table.ignored)
    if not any(_filled(values) for _number, values in table.rows):
        raise ImportFileError(_("The sheet «%(sheet)s» has headings but no rows of data.") % {"sheet": table.sheet})
    try:
        with transaction.atomic():
            importer = _Importer(table, target, year)
            for number, values in table.rows:
                result.rows.append(importer.row(number, values))
            result.applied = not dry_run and not result.errors
            if not result.applied:
                transaction.set_rollback(True)
    except IntegrityError as exc:
        # Someone changed the same people while the file was being imported: nothing was saved.
        raise ImportFileError(
            _("The data changed while the file was being imported; nothing was saved. Try again.")
        ) from exc
    # Trailing empty rows of a sheet are not worth listing.
    while result.rows and result.rows[-1].action == "skip":
        result.rows.pop()
    return result


IMPORT_UPLOADS_DIR = "imports"


def import_uploads_sweep(*, older_than: datetime.timedelta) -> int:
    """Delete uploaded files whose preview was abandoned (neither imported nor cancelled); returns how many.

    They may hold personal data, so they are not kept longer than a working day (152-ФЗ: no longer than needed).
    """
    from django.core.files.storage import default_storage

    if not default_storage.exists(IMPORT_UPLOADS_DIR):
        return 0
    cutoff = timezone.now() - older_than
    _dirs, files = default_storage.listdir(IMPORT_UPLOADS_DIR)
    removed = 0
    for name in files:
        path = f"{IMPORT_UPLOADS_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
