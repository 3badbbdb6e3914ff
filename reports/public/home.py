"""The section's home and its list of current programmes: numbers and structured facts only, never a name
(the publication rule lives in selectors.py; this module only reads through it)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from mentoring.choices import Category, GroupStatus, MemberRole, Role
from mentoring.models import GroupMembership, MentoringGroup, Organisation
from programmes.models import Programme, ProgrammeActivity

from .selectors import OPEN_PUBLIC_STATUSES, _publishable, people_with_publication_flag

# --- The section's home ----------------------------------------------------------------------------------


def public_figures() -> dict:
    """Current pairs/groups, mentors and mentees of the current year — numbers only (one query)."""
    counts = GroupMembership.objects.filter(
        group__year__is_current=True, group__status__in=OPEN_PUBLIC_STATUSES, left_on__isnull=True
    ).aggregate(
        groups=Count("group", distinct=True),
        mentors=Count("person", filter=Q(role=MemberRole.MENTOR), distinct=True),
        mentees=Count("person", filter=Q(role=MemberRole.MENTEE), distinct=True),
    )
    counts["completed"] = MentoringGroup.objects.filter(year__is_current=True, status=GroupStatus.COMPLETED).count()
    return counts


@dataclass
class Contacts:
    organisation: Organisation | None
    curator_name: str
    curator_position: str


def public_contacts() -> Contacts:
    """The curator's contacts: the school's phone and e-mail; the curator's name only with consent (2 queries)."""
    curator = (
        people_with_publication_flag()
        .filter(user__groups__name=Role.CURATOR, user__is_active=True, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    name = curator.full_name if curator is not None and _publishable(curator) else ""
    return Contacts(
        organisation=Organisation.objects.first(), curator_name=name, curator_position=_("curator of mentoring")
    )


# --- Current programmes, without personal data --------------------------------------------------------


@dataclass
class PublicProgramme:
    number: int
    form: str
    types: str
    mode: str
    start: datetime.date
    end: datetime.date
    directions: list[str]
    mentees: str


def current_programmes() -> list[PublicProgramme]:
    """Programmes of approved and active groups of the current year: only structured facts, no free text (2 queries).

    Titles, goals and notes are free text a curator may have written names into, so none of them is shown.
    """
    qs = (
        Programme.objects.filter(
            group__year__is_current=True, group__status__in=OPEN_PUBLIC_STATUSES, status=Programme.Status.AGREED
        )
        .select_related("group")
        .annotate(
            n_pupils=Count(
                "group__memberships",
                filter=Q(
                    group__memberships__role=MemberRole.MENTEE,
                    group__memberships__left_on__isnull=True,
                    group__memberships__person__category=Category.STUDENT,
                ),
            ),
            n_teachers=Count(
                "group__memberships",
                filter=Q(group__memberships__role=MemberRole.MENTEE, group__memberships__left_on__isnull=True)
                & ~Q(group__memberships__person__category=Category.STUDENT),
            ),
        )
        .prefetch_related(Prefetch("activities", queryset=ProgrammeActivity.objects.only("programme_id", "direction")))
        .order_by("start_date", "pk")
    )
    types_field = MentoringGroup._meta.get_field("types")
    result = []
    for number, p in enumerate(qs, start=1):
        directions = sorted({a.get_direction_display() for a in p.activities.all()})
        parts = []
        if p.n_teachers:
            parts.append(_("teachers: %(n)s") % {"n": p.n_teachers})
        if p.n_pupils:
            parts.append(_("pupils: %(n)s") % {"n": p.n_pupils})
        result.append(
            PublicProgramme(
                number=number,
                form=p.group.form_label,
                types=", ".join(types_field.labels(p.group.types)),
                mode=p.get_mode_display(),
                start=p.start_date,
                end=p.effective_end,
                directions=directions,
                mentees=", ".join(parts),
            )
        )
    return result
