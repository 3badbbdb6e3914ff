"""Reads of the exchange: the office's list of schools with their last package, a school's sendings."""

from django.db.models import OuterRef, QuerySet, Subquery

from .models import MemberSchool, PackageSending, ReceivedPackage


def member_schools() -> QuerySet[MemberSchool]:
    """Every registered school with its last package's time, status and reason (one query)."""
    last = ReceivedPackage.objects.filter(school=OuterRef("pk")).order_by("-received_at", "-pk")
    return MemberSchool.objects.annotate(
        last_received_at=Subquery(last.values("received_at")[:1]),
        last_status=Subquery(last.values("status")[:1]),
        last_reason=Subquery(last.values("reason")[:1]),
    )


def school_packages(school: MemberSchool, limit: int = 30) -> QuerySet[ReceivedPackage]:
    return ReceivedPackage.objects.filter(school=school).defer("body").order_by("-received_at", "-pk")[:limit]


def recent_sendings(limit: int = 15) -> list[PackageSending]:
    return list(PackageSending.objects.select_related("requested_by").order_by("-created_at", "-pk")[:limit])


def last_sent(sendings: list[PackageSending]) -> PackageSending | None:
    """The last sending to the office that ended (accepted or refused or failed), for «последняя отправка: …»."""
    for sending in sendings:
        if sending.trigger != PackageSending.Trigger.FILE and sending.finished_at:
            return sending
    return None
