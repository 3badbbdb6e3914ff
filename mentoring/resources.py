"""Export of the people list and the banks (django-import-export resources) in the columns schools keep.

The headings are the Russian ones of the federal bank forms (DOMAIN.md «Bank columns») on purpose: they are
the spreadsheet's vocabulary, and the importer (mentoring/imports/) reads the same headings back.
Every cell that a spreadsheet could run as a formula is neutralised (CSV/formula injection).
"""

import csv
import io

from django.utils import timezone
from django.utils.text import capfirst
from import_export import fields, resources

from .kinds import current_kind_profile
from .russian.numbers import ru_date_numeric
from .selectors import consent_state_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a cell that a spreadsheet would treat as a formula with an apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _names(memberships) -> str:
    return "; ".join(m.person.full_name for m in memberships)


CONSENT_LABELS = {
    "valid": "действует",
    "expiring": "истекает в течение 30 дней",
    "missing": "нет",
    "withdrawn": "отозвано",
}


class SafeResource(resources.Resource):
    """Every exported cell goes through `neutralise`."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


def _column(name: str, attribute: str | None = None) -> fields.Field:
    """A column: read straight from `attribute`, or computed by the resource's `dehydrate_<field>`."""
    return fields.Field(column_name=name, attribute=attribute)


class KindColumns:
    """The class column called as the kind of organisation calls the unit (объединение, группа), or left out where
    it has none (a kindergarten); categories as the kind calls them (mentoring.kinds)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = current_kind_profile()
        if self.kind.unit_label is None:
            self.fields.pop("grade", None)
        elif "grade" in self.fields:
            self.fields["grade"].column_name = capfirst(str(self.kind.unit_label))

    def category_text(self, person) -> str:
        return self.kind.category_label(person.category).lower()


class PersonResource(KindColumns, SafeResource):
    full_name = _column("ФИО", "full_name")
    category = _column("Категория")
    position = _column("Должность", "position")
    subject = _column("Предмет", "subject")
    grade = _column("Класс", "grade")
    birth_date = _column("Дата рождения")
    email = _column("Email", "email")
    phone = _column("Телефон", "phone")
    workplace = _column("Место работы/учёбы", "workplace")
    experience = _column("Стаж")
    consent = _column("Согласие на обработку персональных данных")

    class Meta:
        fields = (
            "full_name", "category", "position", "subject", "grade", "birth_date", "email", "phone", "workplace",
            "experience", "consent",
        )  # fmt: skip

    def dehydrate_category(self, p):
        return self.category_text(p)

    def dehydrate_birth_date(self, p):
        return ru_date_numeric(p.birth_date)

    def dehydrate_experience(self, p):
        years = p.service_years_on(timezone.localdate())
        return "" if years is None else years

    def dehydrate_consent(self, p):
        return CONSENT_LABELS[consent_state_of(p)]


def _contacts(person, representative: str = "") -> str:
    parts = [f"законный представитель: {representative}"] if representative else []
    parts += [x for x in (person.phone, person.email) if x]
    return ", ".join(parts)


class MenteeBankResource(KindColumns, SafeResource):
    """«База наставляемых» (МР-42/02 of 23.01.2020)."""

    full_name = _column("ФИО наставляемого")
    contacts = _column("Контактные данные (для обучающихся — законного представителя)")
    birth_date = _column("Дата рождения")
    grade = _column("Класс")
    category = _column("Категория")
    directions = _column("Направления")
    request = _column("Основной запрос")
    entered_on = _column("Дата вхождения в программу")
    mentor = _column("ФИО наставника")
    mentor_workplace = _column("Место работы/учёбы наставника")
    form = _column("Форма наставничества")
    place = _column("Место реализации программы")
    ended_on = _column("Дата завершения")
    results = _column("Результаты программы")
    completed = _column("Отметка о прохождении")
    status = _column("Статус")
    case_link = _column("Ссылка на кейс/отзыв")

    class Meta:
        fields = (
            "full_name", "contacts", "birth_date", "grade", "category", "directions", "request", "entered_on",
            "mentor", "mentor_workplace", "form", "place", "ended_on", "results", "completed", "status",
            "case_link",
        )  # fmt: skip

    def __init__(self, place: str = ""):
        super().__init__()
        self.place = place

    @staticmethod
    def _membership(entry):
        memberships = getattr(entry.person, "year_memberships", [])
        return memberships[-1] if memberships else None

    def dehydrate_full_name(self, e):
        return e.person.full_name

    def dehydrate_contacts(self, e):
        return _contacts(e.person, e.representative_name if e.person.category == "student" else "")

    def dehydrate_birth_date(self, e):
        return ru_date_numeric(e.person.birth_date)

    def dehydrate_grade(self, e):
        return e.person.grade

    def dehydrate_category(self, e):
        return self.category_text(e.person)

    def dehydrate_directions(self, e):
        return ", ".join(e._meta.get_field("requests").labels(e.requests))

    def dehydrate_request(self, e):
        return e.request_text

    def dehydrate_entered_on(self, e):
        return ru_date_numeric(e.entered_on)

    def dehydrate_mentor(self, e):
        m = self._membership(e)
        return _names(m.group.counterparts) if m else ""

    def dehydrate_mentor_workplace(self, e):
        m = self._membership(e)
        return "; ".join(x.person.workplace for x in m.group.counterparts if x.person.workplace) if m else ""

    def dehydrate_form(self, e):
        m = self._membership(e)
        return m.group.form_label if m else str(e.get_preferred_form_display() or "")

    def dehydrate_place(self, e):
        return self.place if self._membership(e) else ""

    def dehydrate_ended_on(self, e):
        m = self._membership(e)
        return ru_date_numeric(m.group.ended_on) if m else ""

    def dehydrate_results(self, e):
        m = self._membership(e)
        return m.group.completion_note if m and m.group.ended_on else ""

    def dehydrate_completed(self, e):
        return "прошёл(а)" if e.status == "completed" else ""

    def dehydrate_status(self, e):
        return str(e.get_status_display())

    def dehydrate_case_link(self, e):
        return ""


class MentorBankResource(SafeResource):
    """«База наставников» (МР-42/02 of 23.01.2020)."""

    full_name = _column("ФИО наставника")
    contacts = _column("Контактные данные")
    workplace = _column("Место работы/учёбы")
    position = _column("Должность")
    subject = _column("Предмет")
    interests = _column("Интересы")
    desired_age = _column("Желаемый возраст наставляемых")
    period = _column("Период, в который готов работать")
    competencies = _column("Опыт и компетенции")
    directions = _column("Направления")
    qualification = _column("Квалификационная категория")
    experience = _column("Стаж")
    capacity = _column("Сколько наставляемых")
    mentees = _column("ФИО наставляемых")
    form = _column("Форма наставничества")
    status = _column("Статус")
    dates = _column("Даты")
    results = _column("Результаты")
    case_link = _column("Ссылка на кейс/отзыв")

    class Meta:
        fields = (
            "full_name", "contacts", "workplace", "position", "subject", "interests", "desired_age", "period",
            "competencies", "directions", "qualification", "experience", "capacity", "mentees", "form", "status",
            "dates", "results", "case_link",
        )  # fmt: skip

    def dehydrate_full_name(self, e):
        return e.person.full_name

    def dehydrate_contacts(self, e):
        return _contacts(e.person)

    def dehydrate_workplace(self, e):
        return e.person.workplace

    def dehydrate_position(self, e):
        return e.person.position

    def dehydrate_subject(self, e):
        return e.person.subject

    def dehydrate_interests(self, e):
        return e.interests

    def dehydrate_desired_age(self, e):
        return e.desired_mentee_age

    def dehydrate_period(self, e):
        return e.available_period

    def dehydrate_competencies(self, e):
        return e.competencies

    def dehydrate_directions(self, e):
        return ", ".join(e._meta.get_field("directions").labels(e.directions))

    def dehydrate_qualification(self, e):
        return str(e.get_qualification_category_display())

    def dehydrate_experience(self, e):
        years = e.person.service_years_on(timezone.localdate())
        return "" if years is None else years

    def dehydrate_capacity(self, e):
        return e.capacity

    def dehydrate_mentees(self, e):
        return "; ".join(
            m.person.full_name for ms in getattr(e.person, "year_memberships", []) for m in ms.group.counterparts
        )

    def dehydrate_form(self, e):
        forms = {ms.group.form_label for ms in getattr(e.person, "year_memberships", [])}
        return ", ".join(sorted(forms)) or ", ".join(e._meta.get_field("preferred_forms").labels(e.preferred_forms))

    def dehydrate_status(self, e):
        return str(e.get_status_display())

    def dehydrate_dates(self, e):
        parts = [f"в базе с {ru_date_numeric(e.entered_on)}"]
        if e.approved_on:
            parts.append(f"утверждён {ru_date_numeric(e.approved_on)}")
        return ", ".join(parts)

    def dehydrate_results(self, e):
        return "; ".join(
            ms.group.completion_note for ms in getattr(e.person, "year_memberships", []) if ms.group.completion_note
        )

    def dehydrate_case_link(self, e):
        return ""


def dataset_bytes(dataset, fmt: str) -> bytes:
    """XLSX through tablib; CSV with a BOM and «;» so that Russian Excel opens it as a table."""
    if fmt == "xlsx":
        return dataset.export("xlsx")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(dataset.headers)
    writer.writerows(dataset)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
