"""Agreement of the schools' roadmaps (minimal version for the exchange; helper fedo's full module replaces it)."""

from ..models import MemberSchool, RoadmapAgreement

Decision = RoadmapAgreement.Decision


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
        agreement.save()
    return agreement
