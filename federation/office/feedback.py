"""What goes back to a school with the answer to its package (minimal version; helper fedo's replaces it)."""

from django.db.models import Q

from ..models import InformationLetter, MemberSchool, ReceivedPackage, RoadmapAgreement


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def feedback_for(school: MemberSchool) -> dict:
    latest = (
        ReceivedPackage.objects.filter(school=school, status=ReceivedPackage.Status.ACCEPTED)
        .only("body")
        .order_by("-received_at", "-pk")
        .first()
    )
    have = set((latest.body or {}).get("received_letters", [])) if latest else set()
    letters = (
        InformationLetter.objects.filter(published_at__isnull=False)
        .filter(Q(to_all=True) | Q(schools=school))
        .distinct()
        .order_by("published_at", "pk")
    )
    return {
        "roadmap_decisions": [
            {"academic_year": a.academic_year, "decision": a.decision, "comment": a.comment,
             "decided_at": _iso(a.decided_at)}
            for a in RoadmapAgreement.objects.filter(school=school).order_by("academic_year")
        ],  # fmt: skip
        "letters": [
            {"id": x.pk, "title": x.title, "text": x.text, "published_at": _iso(x.published_at), "has_pdf": bool(x.pdf)}
            for x in letters
            if x.pk not in have
        ],
        "cases": [],
    }
