"""Reads of the roadmap: overdue and due items, progress from the banks, groups and questionnaires, the timeline,
"my items", reminder digests and the context of the roadmap document."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone

from mentoring.choices import GroupStatus, MenteeStatus, MentorStatus, Role
from mentoring.models import AcademicYear, MenteeProfile, MentorProfile, Response
from mentoring.selectors import organisation, valid_consent_exists

from .models import RoadmapItem, RoadmapStage, StageKind

DUE_SOON_DAYS = 7


# --- The one definition of overdue and due soon ---------------------------------------------------------------------


def overdue_q(today: datetime.date | None = None, *, prefix: str = "") -> Q:
    """Overdue: not done and the deadline (end of the period) has passed."""
    day = today or timezone.localdate()
    return ~Q(**{f"{prefix}status": RoadmapItem.Status.DONE}) & Q(**{f"{prefix}period_end__lt": day})


def due_soon_q(today: datetime.date | None = None, days: int = DUE_SOON_DAYS) -> Q:
    """Not done and due today or within `days` days."""
    day = today or timezone.localdate()
    return ~Q(status=RoadmapItem.Status.DONE) & Q(
        period_end__gte=day, period_end__lte=day + datetime.timedelta(days=days)
    )


def with_overdue(qs: QuerySet[RoadmapItem], today: datetime.date | None = None) -> QuerySet[RoadmapItem]:
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


def items_of_year(year: AcademicYear, today: datetime.date | None = None) -> QuerySet[RoadmapItem]:
    return with_overdue(
        RoadmapItem.objects.filter(stage__year=year).select_related("stage", "responsible_person"), today
    )


def attention_items(year: AcademicYear, today: datetime.date | None = None, days: int = DUE_SOON_DAYS):
    """Items overdue or due within `days` days, earliest deadline first (the curator's home panel)."""
    return items_of_year(year, today).filter(overdue_q(today) | due_soon_q(today, days)).order_by("period_end", "pk")


def items_for_user(user, year: AcademicYear | None = None) -> QuerySet[RoadmapItem]:
    """A user's items: named as the responsible person, or holding the responsible role of an item that names
    nobody (naming a person narrows the responsibility to that person)."""
    if not user.is_authenticated:
        return RoadmapItem.objects.none()
    q = Q(responsible_person__user=user)
    roles = user.role_names()
    if roles:
        q |= Q(responsible_person__isnull=True, responsible_role__in=roles)
    qs = RoadmapItem.objects.filter(q)
    if year is not None:
        qs = qs.filter(stage__year=year)
    return qs.select_related("stage", "stage__year", "responsible_person").order_by("period_end", "pk")


def user_is_responsible(user, item: RoadmapItem) -> bool:
    if not user.is_authenticated:
        return False
    if item.responsible_person_id is not None:
        return item.responsible_person.user_id == user.pk
    # An item given to a whole role ("mentors") is school-wide: one mentor must not close it for all of them.
    if item.responsible_role in (Role.MENTOR, Role.MENTEE):
        return False
    return bool(item.responsible_role) and user.has_role(item.responsible_role)


# --- Progress from data ---------------------------------------------------------------------------------------------


def _bank_counts(qs) -> dict:
    return qs.annotate(consent_ok=valid_consent_exists(person_ref="person_id")).aggregate(
        total=Count("pk"), with_consent=Count("pk", filter=Q(consent_ok=True))
    )


def year_data_progress(year: AcademicYear, today: datetime.date | None = None) -> dict[str, dict]:
    """Figures the stages show from real data, keyed by stage kind; one aggregate query each."""
    day = today or timezone.localdate()
    past_proposal = [GroupStatus.APPROVED, GroupStatus.ACTIVE, GroupStatus.COMPLETED]
    mentees = _bank_counts(MenteeProfile.objects.filter(year=year).exclude(status=MenteeStatus.LEFT))
    mentors = _bank_counts(MentorProfile.objects.filter(year=year).exclude(status=MentorStatus.LEFT))
    groups = year.groups.aggregate(
        proposed=Count("pk", filter=Q(status=GroupStatus.PROPOSED)),
        approved=Count("pk", filter=Q(status__in=past_proposal)),
    )
    satisfaction = Response.objects.filter(year=year, questionnaire__kind="satisfaction").aggregate(
        total=Count("pk"),
        mentors=Count("pk", filter=Q(questionnaire__audience="mentor")),
        mentees=Count("pk", filter=Q(questionnaire__audience="mentee")),
    )
    return {
        StageKind.MENTEE_BANK: {**mentees, "on": day},
        StageKind.MENTOR_BANK: {**mentors, "on": day},
        StageKind.PAIRING: groups,
        StageKind.COMPLETION: satisfaction,
    }


# --- The timeline ---------------------------------------------------------------------------------------------------


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass
class StageRow:
    stage: RoadmapStage
    items: list = field(default_factory=list)
    done: int = 0
    overdue: int = 0
    data: dict | None = None

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def roadmap_timeline(year: AcademicYear, today: datetime.date | None = None) -> dict:
    """Stages with their items, per-stage progress, figures from data and a month grid (September–May, widened to
    cover every item). A fixed number of queries whatever the number of items."""
    day = today or timezone.localdate()
    items_qs = with_overdue(RoadmapItem.objects.select_related("responsible_person"), day).order_by(
        "position", "period_end", "pk"
    )
    stages = list(
        RoadmapStage.objects.filter(year=year).prefetch_related(Prefetch("items", queryset=items_qs)).order_by("number")
    )
    data = year_data_progress(year, day) if stages else {}
    first, last = year.start_date, year.end_date
    rows = []
    for stage in stages:
        row = StageRow(stage=stage, items=list(stage.items.all()), data=data.get(stage.kind))
        for item in row.items:
            row.done += item.status == RoadmapItem.Status.DONE
            row.overdue += bool(item.is_overdue)
            first = min(first, item.period_start or item.period_end)
            last = max(last, item.period_end)
        rows.append(row)
    months = _month_starts(first, last)
    for row in rows:
        for item in row.items:
            start = item.period_start or item.period_end
            item.cells = [
                {
                    "active": start <= _month_end(month) and item.period_end >= month,
                    "deadline": item.period_end.year == month.year and item.period_end.month == month.month,
                }
                for month in months
            ]
    total = sum(r.total for r in rows)
    done = sum(r.done for r in rows)
    return {
        "stages": rows,
        "months": months,
        "today": day,
        "total": total,
        "done": done,
        "overdue": sum(r.overdue for r in rows),
        "percent": round(100 * done / total) if total else 0,
    }


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


# --- Reminders ------------------------------------------------------------------------------------------------------


def reminder_digests(today: datetime.date | None = None, days: int = DUE_SOON_DAYS) -> dict:
    """{user: [items]} for the current year's items overdue or due within `days` days, for every active user with
    an email who is responsible for them (by person, or by role when no person is named)."""
    day = today or timezone.localdate()
    items = list(
        with_overdue(RoadmapItem.objects.filter(stage__year__is_current=True), day)
        .filter(overdue_q(day) | due_soon_q(day, days))
        .select_related("stage", "responsible_person__user")
        .order_by("period_end", "pk")
    )
    roles = {item.responsible_role for item in items if item.responsible_person_id is None and item.responsible_role}
    by_role = defaultdict(list)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .exclude(email="")
        .values_list("pk", "groups__name")
    )
    for user_id, role in users:
        by_role[role].append(user_id)
    digests: dict[int, list] = defaultdict(list)
    for item in items:
        if item.responsible_person_id is not None:
            user = item.responsible_person.user
            if user is not None and user.is_active and user.email:
                digests[user.pk].append(item)
        else:
            for user_id in by_role.get(item.responsible_role, []):
                digests[user_id].append(item)
    return dict(digests)


# --- The roadmap document (annex 2 to the order on organising mentoring) -------------------------------------------


def roadmap_document_context(
    year: AcademicYear, *, order_date: datetime.date | None = None, order_number: str = ""
) -> dict:
    """Context of templates/documents/roadmap.html and partials/roadmap_table.html.

    The annex names the order «Об организации наставничества»: pass its date and number when the order is being
    printed; otherwise they come from the item that order completed, or stay blank lines to fill by hand.
    """
    stages = list(
        RoadmapStage.objects.filter(year=year)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RoadmapItem.objects.select_related("responsible_person").order_by(
                    "position", "period_end", "pk"
                ),
            )
        )
        .order_by("number")
    )
    if order_date is None and not order_number:
        approving = next(
            (
                item
                for stage in stages
                for item in stage.items.all()
                if item.order_type == "organisation" and item.status == RoadmapItem.Status.DONE
            ),
            None,
        )
        if approving is not None:
            order_date, order_number = approving.done_on, approving.done_order_number
    rows = []
    for index, stage in enumerate(stages, start=1):
        rows.append(
            {
                "number": index,
                "stage": stage,
                "items": [{"number": f"{index}.{n}.", "item": item} for n, item in enumerate(stage.items.all(), 1)],
            }
        )
    return {
        "organisation": organisation(),
        "year": year,
        "stages": rows,
        "annex_number": 2,
        "order_date": order_date,
        "order_number": order_number,
    }
