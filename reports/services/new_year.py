"""«Начать новый учебный год»: the next year in one transaction, the year before left exactly as it was.

It lives in `reports` because it reaches across the apps (`mentoring` banks and groups, `programmes` end dates,
the `roadmap` template) and only `reports` may import them all. What happens:

* the new year is created (its `previous` is the closed year: one successor per year, so a second run is refused)
  and made current;
* the standard roadmap is copied into it (`roadmap_create_from_template`);
* open pairs and groups whose programme runs past the day before the new year starts (normally 31 August) are
  carried over: they stay active, with their members and programme, and are listed in the new year through
  `MentoringGroup.carried_into` — their `year` does not change, so the old year's orders, report and monitoring
  count them as before;
* the mentee bank's still-waiting entries (awaiting a mentor or supported without a pair) of people whose consent
  is valid get an entry in the new bank marked as carried (`carried_from`), with their requests and the date they
  first entered the programme; the old entries are not touched;
* completed, terminated and proposed groups, and groups ending before the new year, stay in the old year.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.choices import GroupStatus, MenteeStatus
from mentoring.models import AcademicYear, MenteeProfile, MentoringGroup
from mentoring.selectors import valid_consent_exists
from mentoring.services.years import academic_year_create, academic_year_set_current
from roadmap.services import roadmap_create_from_template
from roadmap.template import load_template

WAITING_STATUSES = (MenteeStatus.AWAITING, MenteeStatus.SUPPORTED)
RUNNING_STATUSES = (GroupStatus.APPROVED, GroupStatus.ACTIVE)
# What a carried entry copies from the old one: the request and its history, not the status of leaving.
CARRIED_MENTEE_FIELDS = (
    "requests",
    "request_text",
    "preferred_form",
    "preferred_types",
    "preferred_mode",
    "status",
    "entered_on",
    "support_notes",
)


@dataclass
class NewYearPlan:
    """What starting the next year will do (the preview), or did (the result)."""

    year: AcademicYear
    carried_groups: list = field(default_factory=list)
    staying_groups: list = field(default_factory=list)
    carried_mentees: list = field(default_factory=list)
    mentees_without_consent: list = field(default_factory=list)
    roadmap_stages: int = 0
    new_year: AcademicYear | None = None


def _groups_running_past(year: AcademicYear, cutoff: datetime.date) -> QuerySet[MentoringGroup]:
    """Open groups of the year whose programme (or, without one, the planned period) ends after `cutoff`."""
    ends = Coalesce("programme__extended_until", "programme__end_date", "planned_end", output_field=DateField())
    return (
        MentoringGroup.objects.of_year(year)
        .filter(status__in=RUNNING_STATUSES)
        .annotate(ends_on=ends)
        .filter(ends_on__gt=cutoff)
    )


def _waiting_mentees(year: AcademicYear) -> QuerySet[MenteeProfile]:
    return (
        MenteeProfile.objects.filter(year=year, status__in=WAITING_STATUSES, person__anonymised_at__isnull=True)
        .annotate(has_consent=valid_consent_exists(person_ref="person_id"))
        .select_related("person")
    )


def _check(year: AcademicYear | None) -> None:
    if year is None:
        raise ValidationError(_("No current academic year is set: create it in the school settings first."))
    if AcademicYear.objects.filter(previous=year).exists():
        raise ValidationError(
            _("The year after %(year)s has already been started; it cannot be started twice.") % {"year": year}
        )
    if year.start_date > timezone.localdate():
        raise ValidationError(
            _("The current year %(year)s has not begun yet; the next one is started once it is under way.")
            % {"year": year}
        )


def new_year_plan(*, year: AcademicYear | None, start_date: datetime.date) -> NewYearPlan:
    """The preview: a fixed number of queries whatever the number of groups and mentees."""
    _check(year)
    cutoff = start_date - datetime.timedelta(days=1)
    carried = list(_groups_running_past(year, cutoff).order_by("pk"))
    carried_ids = {g.pk for g in carried}
    staying = [g for g in MentoringGroup.objects.of_year(year).order_by("status", "pk") if g.pk not in carried_ids]
    mentees = list(_waiting_mentees(year).order_by("person__last_name", "person__first_name"))
    return NewYearPlan(
        year=year,
        carried_groups=carried,
        staying_groups=staying,
        carried_mentees=[m for m in mentees if m.has_consent],
        mentees_without_consent=[m for m in mentees if not m.has_consent],
        roadmap_stages=len(load_template()),
    )


@transaction.atomic
def academic_year_start_next(
    *, year: AcademicYear, title: str, start_date: datetime.date, end_date: datetime.date
) -> NewYearPlan:
    """Start the year after `year` (which must be the current one): see the module docstring."""
    year = AcademicYear.objects.select_for_update().filter(pk=year.pk).first()
    _check(year)
    if not year.is_current:
        raise ValidationError(_("Only the current academic year can be followed by a new one."))
    if start_date <= year.start_date:
        raise ValidationError({"start_date": _("The new year must start after %(year)s.") % {"year": year}})
    plan = new_year_plan(year=year, start_date=start_date)
    new = academic_year_create(title=title, start_date=start_date, end_date=end_date)
    new.previous = year
    new.save(update_fields=["previous"])
    academic_year_set_current(year=new)
    roadmap_create_from_template(year=new)
    new.carried_groups.add(*plan.carried_groups)
    MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(
                person_id=old.person_id,
                year=new,
                carried_from=old,
                **{name: getattr(old, name) for name in CARRIED_MENTEE_FIELDS},
            )
            for old in plan.carried_mentees
        ]
    )
    plan.new_year = new
    return plan
