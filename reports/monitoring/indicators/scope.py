"""Who and what the indicators count: the scope (year, filters, reference day), the counted people, the approved
groups and the members of a role — the definitions of the package docstring as query expressions."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentoring.choices import TEACHING_CATEGORIES, Category, MentoringForm
from mentoring.models import AcademicYear, Consent, GroupMembership, MentoringGroup, Person
from mentoring.selectors import valid_consent_q

from .definitions import YOUNG_TEACHER_MAX_SERVICE


@dataclass(frozen=True)
class Scope:
    """What the figures are about: a year, an optional category of people and form of mentoring, a reference day."""

    year: AcademicYear
    day: datetime.date
    today: datetime.date
    category: str = ""
    form: str = ""


def reference_day(year: AcademicYear, today: datetime.date | None = None) -> datetime.date:
    """The day figures are taken on: today while the year runs, its last day once it is over."""
    today = today or timezone.localdate()
    return max(year.start_date, min(today, year.end_date))


def make_scope(year: AcademicYear, *, category: str = "", form: str = "", today: datetime.date | None = None) -> Scope:
    today = today or timezone.localdate()
    category = category if category in Category.values else ""
    form = form if form in MentoringForm.values else ""
    return Scope(year=year, day=reference_day(year, today), today=today, category=category, form=form)


def counted_people(scope: Scope) -> QuerySet[Person]:
    """The people every figure counts (module docstring): one queryset; the consents are three uncorrelated sets of
    ids (each read once by the query, not once per person)."""

    def valid_on(day: datetime.date) -> QuerySet:
        return Consent.objects.filter(valid_consent_q(day)).values("person_id")

    withdrawn = Consent.objects.filter(
        kind="processing", withdrawn_on__isnull=False, withdrawn_on__lte=scope.today
    ).values("person_id")
    return Person.objects.filter(anonymised_at__isnull=True, pk__in=valid_on(scope.day)).filter(
        ~Q(pk__in=withdrawn) | Q(pk__in=valid_on(scope.today))
    )


def counted_person_ids(scope: Scope) -> QuerySet:
    return counted_people(scope).values("pk")


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_between_q(day: datetime.date, low: int, high: int, *, prefix: str = "") -> Q:
    """Aged from `low` to `high` years inclusive on `day` (people without a date of birth are not)."""
    return Q(**{f"{prefix}birth_date__lte": _years_before(day, low)}) & Q(
        **{f"{prefix}birth_date__gt": _years_before(day, high + 1)}
    )


def young_teacher_q(year: AcademicYear, *, prefix: str = "") -> Q:
    """A young teacher (Р-145: 0–3 years of service): a young specialist, or a teacher whose service at the start
    of the year, `Person.service_years_on(year.start_date)`, is at most three years."""
    return Q(**{f"{prefix}category": Category.YOUNG_SPECIALIST}) | Q(
        **{
            f"{prefix}category__in": TEACHING_CATEGORIES,
            f"{prefix}career_start_year__gte": year.start_date.year - YOUNG_TEACHER_MAX_SERVICE,
        }
    )


def is_young_teacher(person: Person, year: AcademicYear) -> bool:
    """The same rule for one loaded person (pages, tests); `young_teacher_q` is the database twin."""
    if person.category == Category.YOUNG_SPECIALIST:
        return True
    service = person.service_years_on(year.start_date)
    return person.category in TEACHING_CATEGORIES and service is not None and service <= YOUNG_TEACHER_MAX_SERVICE


def approved_groups(scope: Scope) -> QuerySet[MentoringGroup]:
    """Groups of the year approved by order (Regulation §6.2), in the chosen form."""
    qs = MentoringGroup.objects.of_year(scope.year).filter(approved_on__isnull=False)
    return qs.filter(form=scope.form) if scope.form else qs


def member_ids(scope: Scope, role: str) -> QuerySet:
    """The people with a membership in the role in an approved group of the year (carried-over groups included), as
    one uncorrelated subquery: `pk__in=member_ids(…)` is read once per query (a hashed set), not once per person."""
    return GroupMembership.objects.filter(role=role, group__in=approved_groups(scope)).values("person_id")


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
