"""The indicators about people: participants by category and role, the Р-145 shares, the mentees waiting.

Each is one aggregate query over the counted people; being a mentor or a mentee of the year is a condition on a set
of ids read once per query (`member_ids`), never a subquery run for every person."""

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, Value
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Category, MemberRole, MenteeStatus
from mentoring.models import Contingent, MenteeProfile

from .definitions import FEDERAL_TARGET_PERCENT, MENTEE_STUDENT_AGES, MENTOR_STUDENT_AGES, WAIT_BANDS
from .scope import Scope, age_between_q, counted_people, counted_person_ids, member_ids, pct, young_teacher_q


def _roles(scope: Scope) -> tuple[Q, Q]:
    """Conditions on a counted person: a mentor of the year, a mentee of the year."""
    return Q(pk__in=member_ids(scope, MemberRole.MENTOR)), Q(pk__in=member_ids(scope, MemberRole.MENTEE))


def participants(scope: Scope) -> dict:
    """Participants by category and role (one query). `rows` has every category, zeros included."""
    is_mentor, is_mentee = _roles(scope)
    people = counted_people(scope)
    if scope.category:
        people = people.filter(category=scope.category)
    found = {
        row["category"]: row
        for row in people.values("category")
        .annotate(
            people=Count("pk"),
            mentors=Count("pk", filter=is_mentor),
            mentees=Count("pk", filter=is_mentee),
            both=Count("pk", filter=is_mentor & is_mentee),
            participants=Count("pk", filter=is_mentor | is_mentee),
        )
        .order_by()
    }
    rows = []
    for code, label in Category.choices:
        if scope.category and code != scope.category:
            continue
        row = found.get(code, {})
        rows.append(
            {
                "category": code,
                "label": str(label),
                **{key: row.get(key, 0) for key in ("people", "mentors", "mentees", "both", "participants")},
            }
        )
    totals = {key: sum(r[key] for r in rows) for key in ("people", "mentors", "mentees", "both", "participants")}
    return {"rows": rows, "totals": totals}


def shares(scope: Scope) -> dict:
    """The Р-145 shares and the federal target: the participants counted in one aggregate query, against the
    contingent of the year (one query) — the school's real numbers, not whoever happens to be in the register.
    Without a contingent a share has no denominator and no percent (`contingent` is False). The category filter
    does not apply: each share defines its own population; the form filter does (membership in groups of that form).
    """
    day = scope.day
    is_mentor, is_mentee = _roles(scope)
    people = counted_people(scope)
    students_10_18 = Q(category=Category.STUDENT) & age_between_q(day, *MENTEE_STUDENT_AGES)
    students_15_19 = Q(category=Category.STUDENT) & age_between_q(day, *MENTOR_STUDENT_AGES)
    young = young_teacher_q(scope.year)
    school = ~Q(category=Category.EXTERNAL)
    a = people.aggregate(
        students_10_18_mentees=Count("pk", filter=students_10_18 & is_mentee),
        young_teachers_mentees=Count("pk", filter=young & is_mentee),
        students_15_19_mentors=Count("pk", filter=students_15_19 & is_mentor),
        school_people_involved=Count("pk", filter=school & (is_mentor | is_mentee)),
    )
    contingent = Contingent.objects.filter(year=scope.year).first()
    wholes = {
        "share_students_mentees": contingent.pupils_10_18 if contingent else None,
        "share_young_teachers_mentees": contingent.young_teachers if contingent else None,
        "share_students_mentors": contingent.pupils_15_19 if contingent else None,
        "share_involved": contingent.pupils_total + contingent.teachers if contingent else None,
    }

    def share(code, part):
        whole = wholes[code]
        return {
            "code": code,
            "part": a[part],
            "whole": whole,
            "percent": pct(a[part], whole) if whole is not None else None,
        }

    return {
        "share_students_mentees": share("share_students_mentees", "students_10_18_mentees"),
        "share_young_teachers_mentees": share("share_young_teachers_mentees", "young_teachers_mentees"),
        "share_students_mentors": share("share_students_mentors", "students_15_19_mentors"),
        "share_involved": share("share_involved", "school_people_involved"),
        "target_percent": FEDERAL_TARGET_PERCENT,
        "contingent": contingent is not None,
    }


def waiting(scope: Scope) -> dict:
    """Mentees still waiting for a mentor and for how long (one aggregate query)."""
    qs = MenteeProfile.objects.filter(
        year=scope.year,
        status__in=[MenteeStatus.AWAITING, MenteeStatus.SUPPORTED],
        person_id__in=counted_person_ids(scope),
        entered_on__lte=scope.day,
    )
    if scope.category:
        qs = qs.filter(person__category=scope.category)
    if scope.form:
        qs = qs.filter(preferred_form=scope.form)
    waited = ExpressionWrapper(Value(scope.day) - F("entered_on"), output_field=DurationField())
    short, medium = (scope.day - datetime.timedelta(days=d) for d in WAIT_BANDS)
    a = qs.aggregate(
        count=Count("pk"),
        supported=Count("pk", filter=Q(status=MenteeStatus.SUPPORTED)),
        average=Avg(waited),
        longest=Max(waited),
        band_short=Count("pk", filter=Q(entered_on__gt=short)),
        band_medium=Count("pk", filter=Q(entered_on__lte=short, entered_on__gt=medium)),
        band_long=Count("pk", filter=Q(entered_on__lte=medium)),
    )

    def days(value):
        return round(value.total_seconds() / 86400, 1) if value is not None else None

    return {
        "count": a["count"],
        "supported": a["supported"],
        "average_days": days(a["average"]),
        "longest_days": days(a["longest"]),
        "bands": [
            {"code": "short", "label": str(_("under 30 days")), "count": a["band_short"]},
            {"code": "medium", "label": str(_("30–90 days")), "count": a["band_medium"]},
            {"code": "long", "label": str(_("over 90 days")), "count": a["band_long"]},
        ],
    }
