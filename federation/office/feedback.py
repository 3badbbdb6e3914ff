"""What goes back to a school with the answer to its package (FEDERATION.md, FEEDBACK).

The decisions on its roadmaps, the letters it does not have yet, and the base of effective programmes: the published
cases of the other schools that are new or changed since its previous accepted package (all of them the first time).
A fixed number of queries whatever the number of schools, letters and cases.
"""

from django.db.models import QuerySet

from ..models import MemberSchool, ReceivedPackage, RoadmapAgreement, SchoolCase
from .letters import letters_for_school


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _previous_and_latest(school: MemberSchool) -> tuple[ReceivedPackage | None, ReceivedPackage | None]:
    packages = list(
        ReceivedPackage.objects.filter(school=school, status=ReceivedPackage.Status.ACCEPTED)
        .only("pk", "received_at", "body")
        .order_by("-received_at", "-pk")[:2]
    )
    latest = packages[0] if packages else None
    previous = packages[1] if len(packages) > 1 else None
    return previous, latest


def _received_letter_ids(latest: ReceivedPackage | None) -> set[int]:
    ids = (latest.body or {}).get("received_letters", []) if latest is not None else []
    return {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}


def shared_cases(school: MemberSchool, since=None) -> QuerySet[SchoolCase]:
    """Other schools' published cases, those that arrived after `since` (a package time) when given."""
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
    previous, latest = _previous_and_latest(school)
    have = _received_letter_ids(latest)
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
    since = previous.received_at if previous is not None else None
    cases = [case_item(c) for c in shared_cases(school, since)]
    return {"roadmap_decisions": decisions, "letters": letters, "cases": cases}
