"""What each kind of organisation means, in one place (issue 19 §2).

A `KindProfile` says, for a kind of organisation (`OrganisationKind`): the head's title printed on documents, the
categories of participants offered and how they are called there (a college's «студент», a ДДТ's «педагог
дополнительного образования»), the word for the unit pupils are grouped in (класс, объединение, группа; none in a
kindergarten, which has no pupils in the programme), the forms of mentoring offered, the standard roadmap template
of a new year, and whether the pupils' indicators apply. Everything else asks the profile — `kind_profile(kind)` or
`current_kind_profile()` — instead of testing the kind.

The stored values do not change with the kind: a pupil is `Category.STUDENT` everywhere (its label differs), the
unit is `Person.grade` (relabelled). So a school's data and behaviour stay as they were, and a kind may be changed
in the settings without migrating anything.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Category, MentoringForm, Role
from .models.organisation import OrganisationKind

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SCHOOL_TEMPLATE = FIXTURES / "roadmap_template.json"
TEMPLATES_DIR = FIXTURES / "roadmap_templates"
# The Р-145 indicators about pupils: they apply only where pupils take part in the programme.
PUPIL_INDICATORS = frozenset({"share_students_mentees", "share_students_mentors"})


@dataclass(frozen=True)
class KindProfile:
    kind: str
    head_title: str  # printed in Russian on orders, as the organisation's requisites are
    # (category, label, feminine label or None) in the order forms offer them.
    categories: tuple[tuple[str, Promise, Promise | None], ...]
    unit_label: Promise | None  # the field `Person.grade`: «класс», «объединение», «группа»; None: not shown
    unit_or_position: Promise  # the people list's column
    forms: tuple[str, ...]
    unit_in_documents: str = "{} класса"  # Russian, as documents print it: «7Б класса», «группы ИС-21»
    unit_help: Promise | str = ""
    unit_missing: Promise | str = ""  # the message when a pupil has no unit
    form_labels: dict = field(default_factory=dict)  # a form called otherwise in this kind
    roadmap_template: Path = SCHOOL_TEMPLATE

    @property
    def has_pupils(self) -> bool:
        return Category.STUDENT in self.category_codes

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label, _fem in self.categories)

    def category_choices(self, *, keep: str = "") -> list[tuple[str, str]]:
        """The categories offered; `keep` adds a stored value the kind no longer offers (editing old data)."""
        choices = [(code, label) for code, label, _fem in self.categories]
        if keep and keep not in self.category_codes and keep in Category.values:
            choices.append((keep, Category(keep).label))
        return choices

    def category_label(self, code: str, *, feminine: bool = False) -> str:
        for known, label, fem in self.categories:
            if known == code:
                return str(fem if feminine and fem else label)
        return str(Category(code).label) if code in Category.values else code

    def form_choices(self, *, keep=()) -> list[tuple[str, str]]:
        codes = [*self.forms, *(c for c in keep if c and c not in self.forms and c in MentoringForm.values)]
        return [(code, str(self.form_labels.get(code, MentoringForm(code).label))) for code in codes]

    def form_label(self, code: str) -> str:
        return str(self.form_labels.get(code) or (MentoringForm(code).label if code in MentoringForm.values else code))

    def unit_phrase(self, unit: str) -> str:
        """A pupil's unit as documents print it after «обучающийся»: «7Б класса», «объединения «Юный техник»»."""
        return self.unit_in_documents.format(unit) if unit else ""

    def role_label(self, role: str) -> str:
        """A role as the kind calls it: the director is the head («Заведующий» in a kindergarten)."""
        if role == Role.DIRECTOR:
            return self.head_title
        return str(Role(role).label) if role in Role.values else role

    def indicator_applies(self, code: str) -> bool:
        """Whether a monitoring indicator (a key of `reports.monitoring.indicators.DEFINITIONS`) applies here."""
        return self.has_pupils or code not in PUPIL_INDICATORS


_TEACHER = (Category.TEACHER, Category.TEACHER.label, None)
_YOUNG = (Category.YOUNG_SPECIALIST, Category.YOUNG_SPECIALIST.label, None)
_EXTERNAL = (Category.EXTERNAL, Category.EXTERNAL.label, None)
_PUPIL = (Category.STUDENT, Category.STUDENT.label, pgettext_lazy("feminine", "Student"))
_STAFF_FORMS = (MentoringForm.TEACHER_TEACHER, MentoringForm.DIRECTOR_TEACHER, MentoringForm.LECTURER_YOUNG_TEACHER)
_PUPIL_FORMS = (
    MentoringForm.STUDENT_STUDENT,
    MentoringForm.TEACHER_STUDENT,
    MentoringForm.COLLEGE_STUDENT_PUPIL,
    MentoringForm.EMPLOYER_PUPIL,
)

PROFILES = {
    OrganisationKind.SCHOOL: KindProfile(
        kind=OrganisationKind.SCHOOL,
        head_title="Директор",
        categories=(_TEACHER, _YOUNG, _PUPIL, _EXTERNAL),
        unit_label=_("class"),
        unit_or_position=_("Class or position"),
        unit_help=_("For students, e.g. 7Б"),
        unit_missing=_("For a student, give the class, e.g. «7Б»."),
        forms=tuple(MentoringForm.values),
    ),
    OrganisationKind.KINDERGARTEN: KindProfile(
        kind=OrganisationKind.KINDERGARTEN,
        head_title="Заведующий",
        categories=(
            (Category.EDUCATOR, Category.EDUCATOR.label, None),
            (Category.TEACHER, pgettext_lazy("kindergarten", "Teacher (specialist)"), None),
            _YOUNG,
            _EXTERNAL,
        ),
        unit_label=None,
        unit_or_position=_("Position"),
        forms=_STAFF_FORMS,
        form_labels={MentoringForm.DIRECTOR_TEACHER: pgettext_lazy("kindergarten", "head – teacher")},
        roadmap_template=TEMPLATES_DIR / "kindergarten.json",
    ),
    OrganisationKind.ADDITIONAL: KindProfile(
        kind=OrganisationKind.ADDITIONAL,
        head_title="Директор",
        categories=(
            (Category.TEACHER, pgettext_lazy("additional", "Teacher of additional education"), None),
            _YOUNG,
            _PUPIL,
            _EXTERNAL,
        ),
        unit_label=pgettext_lazy("additional", "association"),
        unit_or_position=pgettext_lazy("additional", "Association or position"),
        unit_in_documents="объединения «{}»",
        unit_help=pgettext_lazy("additional", "For pupils, e.g. «Юный техник»"),
        unit_missing=pgettext_lazy("additional", "For a pupil, give the association, e.g. «Юный техник»."),
        forms=(*_STAFF_FORMS, *_PUPIL_FORMS),
        form_labels={MentoringForm.TEACHER_STUDENT: pgettext_lazy("additional", "teacher – pupil of an association")},
        roadmap_template=TEMPLATES_DIR / "additional.json",
    ),
    OrganisationKind.COLLEGE: KindProfile(
        kind=OrganisationKind.COLLEGE,
        head_title="Директор",
        categories=(
            (Category.TEACHER, pgettext_lazy("college", "Lecturer"), None),
            _YOUNG,
            (Category.STUDENT, pgettext_lazy("college", "Student"), pgettext_lazy("college feminine", "Student")),
            _EXTERNAL,
        ),
        unit_label=pgettext_lazy("college", "group"),
        unit_or_position=pgettext_lazy("college", "Group or position"),
        unit_in_documents="группы {}",
        unit_help=pgettext_lazy("college", "For students, e.g. ИС-21"),
        unit_missing=pgettext_lazy("college", "For a student, give the group, e.g. «ИС-21»."),
        forms=(
            *_STAFF_FORMS,
            MentoringForm.EMPLOYER_STUDENT,
            MentoringForm.STUDENT_STUDENT,
            MentoringForm.TEACHER_STUDENT,
        ),
        form_labels={
            MentoringForm.STUDENT_STUDENT: pgettext_lazy("college", "student – student"),
            MentoringForm.TEACHER_STUDENT: pgettext_lazy("college", "lecturer – student"),
            MentoringForm.DIRECTOR_TEACHER: pgettext_lazy("college", "head of college – lecturer"),
        },
        roadmap_template=TEMPLATES_DIR / "college.json",
    ),
    # A municipal education office has no pupils or banks of its own (the federation hub): staff categories only.
    OrganisationKind.MUNICIPAL: KindProfile(
        kind=OrganisationKind.MUNICIPAL,
        head_title="Начальник",
        categories=(_TEACHER, _YOUNG, _EXTERNAL),
        unit_label=None,
        unit_or_position=_("Position"),
        forms=_STAFF_FORMS,
    ),
}


_CLASS = re.compile(r"^\d{1,2}\s*-?\s*[A-Za-zА-Яа-яЁё]?$")


def unit_normalise(value: str) -> str:
    """A school class «7 б» is written «7Б»; an association's or a group's name keeps its words («Юный техник»)."""
    value = " ".join((value or "").split())
    return value.replace(" ", "").upper() if _CLASS.match(value) else value


def kind_profile(kind: str | None) -> KindProfile:
    """The profile of a kind; an unknown or empty kind is a school's (the default kind)."""
    return PROFILES.get(kind, PROFILES[OrganisationKind.SCHOOL])


# The kind of the installation's one organisation, read once and forgotten at the start of every request, when the
# organisation changes and at the start of every task: the labels of a page of 50 people cost no query each.
_memo: dict[str, str] = {}


def current_kind(*, fresh: bool = False) -> str:
    """The kind of the organisation (a school before the setup); `fresh` reads it again (one query)."""
    if fresh or "kind" not in _memo:
        from .models import Organisation

        _memo["kind"] = Organisation.objects.values_list("kind", flat=True).first() or OrganisationKind.SCHOOL
    return _memo["kind"]


def current_kind_remember(kind: str | None) -> None:
    """The kind as just read with the whole organisation: the labels that follow need no query of their own."""
    _memo["kind"] = kind or OrganisationKind.SCHOOL


def current_kind_profile(*, fresh: bool = False) -> KindProfile:
    return kind_profile(current_kind(fresh=fresh))


def current_kind_forget(**kwargs) -> None:
    _memo.clear()


def connect() -> None:
    from .models import Organisation

    request_started.connect(current_kind_forget, dispatch_uid="kinds-forget-on-request")
    post_save.connect(current_kind_forget, sender=Organisation, dispatch_uid="kinds-forget-on-save")
    post_delete.connect(current_kind_forget, sender=Organisation, dispatch_uid="kinds-forget-on-delete")
    try:
        from celery.signals import task_prerun
    except ImportError:  # pragma: no cover - celery is a dependency
        return
    task_prerun.connect(current_kind_forget, weak=False, dispatch_uid="kinds-forget-on-task")
