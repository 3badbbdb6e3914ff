"""What goes back to a school with the answer to its package (FEDERATION.md, FEEDBACK).

The decisions on its roadmaps, the letters it does not have yet (the package lists those it has), and the base of
effective programmes: the published cases of the other schools that are new or changed since the office's answer
before the last one (all of them the first two times). Two marks rather than one: an answer lost on the way (the
school then sends again, or the next night) is covered by the next answer; a case may come twice, and the school's
`cases_store` upserts it. Answering moves the marks (one UPDATE). A fixed number of queries whatever the number of
schools, letters and cases.
"""

from django.db.models import F, QuerySet
from django.utils import timezone

from ..models import MemberSchool, ReceivedPackage, RoadmapAgreement, SchoolCase
from .letters import letters_for_school


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _latest(school: MemberSchool) -> ReceivedPackage | None:
    return (
        ReceivedPackage.objects.filter(school=school, status=ReceivedPackage.Status.ACCEPTED)
        .only("pk", "body")
        .order_by("-received_at", "-pk")
        .first()
    )


def _move_marks(school: MemberSchool):
    """The mark the cases are sent from (None: all), after moving the marks to now (one query)."""
    since = school.feedback_before
    now = timezone.now()
    MemberSchool.objects.filter(pk=school.pk).update(feedback_before=F("feedback_at"), feedback_at=now)
    school.feedback_before, school.feedback_at = school.feedback_at, now
    return since


def _received_letter_ids(latest: ReceivedPackage | None) -> set[int]:
    ids = (latest.body or {}).get("received_letters", []) if latest is not None else []
    return {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}


def shared_cases(school: MemberSchool, since=None) -> QuerySet[SchoolCase]:
    """Other schools' published cases, those that arrived or changed after `since` (a time) when given."""
    qs = SchoolCase.objects.exclude(school=school).select_related("school", "package").order_by("pk")
    if since is not None:
        qs = qs.filter(package__received_at__gt=since)
    return qs


def case_item(case: SchoolCase) -> dict:
    return {
        "id": case.pk,
        "external_id": case.external_id,
        "school": case.school.name,
        "title": case.title,
        "summary": case.summary,
        "body": case.body,
        "form": case.form,
        "mentoring_type": case.mentoring_type,
        "directions": list(case.directions or []),
        "published_on": _iso(case.published_on),
    }


def feedback_for(school: MemberSchool) -> dict:
    have = _received_letter_ids(_latest(school))
    decisions = [
        {
            "academic_year": a.academic_year,
            "decision": a.decision,
            "comment": a.comment,
            "decided_at": _iso(a.decided_at),
        }
        for a in RoadmapAgreement.objects.filter(school=school).order_by("academic_year")
    ]
    letters = [
        {
            "id": letter.pk,
            "title": letter.title,
            "text": letter.text,
            "published_at": _iso(letter.published_at),
            "has_pdf": bool(letter.pdf),
        }
        for letter in letters_for_school(school)
        if letter.pk not in have
    ]
    cases = [case_item(c) for c in shared_cases(school, _move_marks(school))]
    return {"roadmap_decisions": decisions, "letters": letters, "cases": cases}
