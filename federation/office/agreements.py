"""Agreement of the schools' roadmaps by the municipal methodist (seed 002 item 1.2: the office agrees them).

A school's roadmap arrives with each package; its checksum says whether it changed. A changed roadmap always awaits a
new decision. The methodist agrees it, or returns it with a comment; the school sees the decision after its next
exchange (feedback.feedback_for).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MemberSchool, RoadmapAgreement, SchoolRoadmapItem

Decision = RoadmapAgreement.Decision


@transaction.atomic
def agreement_on_new_roadmap(school: MemberSchool, academic_year: str, checksum: str) -> RoadmapAgreement:
    """Called by the ingest for every accepted package: a roadmap not seen before goes (back) to «awaiting»."""
    agreement, _created = RoadmapAgreement.objects.select_for_update().get_or_create(
        school=school, academic_year=academic_year, defaults={"roadmap_checksum": checksum}
    )
    if agreement.roadmap_checksum != checksum:
        agreement.roadmap_checksum = checksum
        agreement.decision = Decision.AWAITING
        agreement.comment = ""
        agreement.decided_by = None
        agreement.decided_at = None
        agreement.full_clean()
        agreement.save()
    return agreement


@transaction.atomic
def agreement_decide(
    *, agreement: RoadmapAgreement, by, decision: str, comment: str, checksum: str
) -> RoadmapAgreement:
    """Agree the roadmap or return it with a comment. `checksum` is the roadmap the methodist read: if the school
    has sent another one meanwhile, nothing is decided (the methodist reads the new one first)."""
    agreement = RoadmapAgreement.objects.select_for_update().get(pk=agreement.pk)
    if decision not in (Decision.AGREED, Decision.RETURNED):
        raise ValidationError({"decision": _("Choose to agree the roadmap or to return it.")})
    comment = comment.strip()
    if decision == Decision.RETURNED and not comment:
        raise ValidationError({"comment": _("Say what should be revised.")})
    if checksum != agreement.roadmap_checksum:
        raise ValidationError(_("The school has sent a new version of its roadmap meanwhile: read it before deciding."))
    agreement.decision = decision
    agreement.comment = comment
    agreement.decided_by = by
    agreement.decided_at = timezone.now()
    agreement.full_clean()
    agreement.save()
    return agreement


def agreements_of_year(academic_year: str, decision: str = "") -> QuerySet[RoadmapAgreement]:
    """The schools' roadmaps of the year with their item count and last package time (a fixed number of queries)."""
    items = (
        SchoolRoadmapItem.objects.filter(school=OuterRef("school"), academic_year=academic_year)
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        RoadmapAgreement.objects.filter(academic_year=academic_year)
        .select_related("school", "decided_by")
        .annotate(
            items=Subquery(items),
            last_package=Max("school__packages__received_at", filter=Q(school__packages__status="accepted")),
        )
        .order_by("decision", "school__name")
    )
    return qs.filter(decision=decision) if decision else qs


def school_roadmap(school: MemberSchool, academic_year: str) -> list[SchoolRoadmapItem]:
    return list(SchoolRoadmapItem.objects.filter(school=school, academic_year=academic_year).order_by("position"))
