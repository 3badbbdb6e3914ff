"""Monitoring indicators of an academic year (Regulation §3.4; seed 002 §4; order Р-145 of 25.12.2019).

Every indicator is one selector with its definition written once, in `DEFINITIONS` (definitions.py); the dashboard
shows the same text as a tooltip, the PDF and the JSON export print it. Each selector is a fixed number of set-based
aggregate queries whatever the size of the school (no Python loops over people, no subquery run per person), so the
dashboard costs the same for 10 or 2,000 people. By concept: scope.py (who is counted), people.py, groups.py,
feedback.py; this module puts them together.

Who is counted («учитываемые лица»), the one rule behind every figure about people:
  * not anonymised;
  * has a personal-data consent valid on the reference day (`reference_day`: the year's last day for a past year,
    today for the current one) — `mentoring.selectors.valid_consent_q`;
  * and has not withdrawn consent since, unless a new consent is valid today: withdrawal stops processing, so a
    withdrawn person disappears from every report made afterwards, past years included (152-ФЗ art. 9 part 2).

A participant of the year in a role is a counted person with a membership in that role in a group of the year that
the director's order approved (`approved_on` set; Regulation §6.2: proposals are not yet pairs). Members who left
the group still count for that year. A person who is a mentor in one group and a mentee in another counts once in
each role, and once among participants.
"""

from django.db.models import Count, Q

from mentoring.choices import GroupStatus
from mentoring.models import AcademicYear

from .definitions import (
    DEFINITIONS,
    FEDERAL_TARGET_PERCENT,
    MENTEE_STUDENT_AGES,
    MENTOR_STUDENT_AGES,
    WAIT_BANDS,
    YOUNG_TEACHER_MAX_SERVICE,
)
from .feedback import feedback, satisfaction
from .groups import MEETING_BANDS, endings, groups, meetings, meetings_per_group, year_groups
from .people import participants, shares, waiting
from .scope import (
    Scope,
    age_between_q,
    approved_groups,
    counted_people,
    counted_person_ids,
    is_young_teacher,
    make_scope,
    member_ids,
    pct,
    reference_day,
    young_teacher_q,
)

__all__ = [
    "DEFINITIONS",
    "FEDERAL_TARGET_PERCENT",
    "MEETING_BANDS",
    "MENTEE_STUDENT_AGES",
    "MENTOR_STUDENT_AGES",
    "WAIT_BANDS",
    "YOUNG_TEACHER_MAX_SERVICE",
    "AcademicYear",
    "Scope",
    "age_between_q",
    "approved_groups",
    "counted_people",
    "counted_person_ids",
    "endings",
    "feedback",
    "groups",
    "is_young_teacher",
    "key_figures",
    "make_scope",
    "meetings",
    "meetings_per_group",
    "member_ids",
    "participants",
    "pct",
    "reference_day",
    "satisfaction",
    "shares",
    "waiting",
    "year_groups",
    "year_indicators",
    "years_compared",
    "young_teacher_q",
]


def year_indicators(scope: Scope) -> dict:
    """Every indicator of the year, JSON-ready (codes plus labels), in a fixed number of queries."""
    return {
        "year": scope.year.title,
        "reference_day": scope.day.isoformat(),
        "filters": {"category": scope.category, "form": scope.form},
        "participants": participants(scope),
        "shares": shares(scope),
        "groups": groups(scope),
        "endings": endings(scope),
        "meetings": meetings(scope),
        "feedback": feedback(scope),
        "satisfaction": satisfaction(scope),
        "waiting": waiting(scope),
    }


def key_figures(scope: Scope) -> dict:
    """The few figures compared across years (dashboard table, home panel): shares, groups, waiting."""
    s = shares(scope)
    g = year_groups(scope).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=GroupStatus.COMPLETED)),
        terminated=Count("pk", filter=Q(status=GroupStatus.TERMINATED)),
    )
    return {
        "year": scope.year.title,
        "year_id": scope.year.pk,
        "participants": participants(scope)["totals"]["participants"],
        "share_students_mentees": s["share_students_mentees"]["percent"],
        "share_young_teachers_mentees": s["share_young_teachers_mentees"]["percent"],
        "share_students_mentors": s["share_students_mentors"]["percent"],
        "share_involved": s["share_involved"]["percent"],
        "contingent": s["contingent"],
        "groups": g["total"],
        "completed": g["completed"],
        "terminated": g["terminated"],
        "waiting": waiting(scope)["count"],
    }


def years_compared(*, category: str = "", form: str = "", limit: int = 3) -> list[dict]:
    """Key figures of the last `limit` years, newest first: a fixed number of queries per year shown."""
    years = AcademicYear.objects.order_by("-start_date")[:limit]
    return [key_figures(make_scope(y, category=category, form=form)) for y in years]
