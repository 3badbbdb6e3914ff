"""Withdrawn consent: the person's traces in programmes are scrubbed."""

from django.db import transaction

from mentoring.choices import MemberRole
from mentoring.models import GroupMembership, Person

from ..models import (
    FeedbackRequest,
    Meeting,
    Programme,
    ProgrammeChange,
)
from .feedback import _close_work_of_terminated_groups

# --- Withdrawn consent --------------------------------------------------------------------------------------


@transaction.atomic
def person_scrub(*, person: Person) -> None:
    """After a person withdrew consent and was anonymised (mentoring.signals.person_anonymised):
    their pending forms are no longer asked for; meeting notes of their groups are erased (they speak of the
    members); a programme whose only mentee they were loses its personal texts and its best-practice case;
    names written into change records are rewritten from the (now anonymised) people."""
    FeedbackRequest.objects.filter(person=person, status=FeedbackRequest.Status.PENDING).update(
        status=FeedbackRequest.Status.CANCELLED
    )
    group_ids = list(GroupMembership.objects.filter(person=person).values_list("group_id", flat=True))
    Meeting.objects.filter(group_id__in=group_ids).exclude(notes="").update(notes="")
    sole_mentee_groups = [
        pk
        for pk in group_ids
        if list(GroupMembership.objects.filter(group_id=pk, role=MemberRole.MENTEE).values_list("person_id", flat=True))
        == [person.pk]
    ]
    Programme.objects.filter(group_id__in=sole_mentee_groups).update(
        problem="",
        mentor_report="",
        results_summary="",
        case_description="",
        is_best_practice=False,
        publish_parts=[],
    )
    for change in ProgrammeChange.objects.filter(consenting=person).prefetch_related("consenting"):
        change.agreed_by = ", ".join(p.short_name for p in change.consenting.all())
        change.save(update_fields=["agreed_by"])
    _close_work_of_terminated_groups()
