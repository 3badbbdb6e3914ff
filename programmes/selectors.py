"""Reads with rules: progress, next meetings, forms to fill, inactive groups, satisfaction, the programme document.

Every page-level reader here uses a fixed number of queries whatever the size of plans and meetings.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from mentoring.choices import Direction, GroupStatus, MemberRole
from mentoring.models import AcademicYear, Answer, GroupMembership, MentoringGroup, Person, Question, Questionnaire
from mentoring.selectors import organisation
from mentoring.sql_once import aggregate_once

from .models import (
    MEETING_SEQUENCE,
    FeedbackRequest,
    Meeting,
    Programme,
    ProgrammeActivity,
    ProgrammeTemplate,
)

# Members now, or, for a group that has ended, the members it ended with (their rows closed that day).
CURRENT_MEMBERS = Prefetch(
    "memberships",
    queryset=GroupMembership.objects.filter(Q(left_on__isnull=True) | Q(left_on=F("group__ended_on"))).select_related(
        "person"
    ),
    to_attr="current_memberships",
)


def _count(queryset, fk: str):
    """A correlated COUNT subquery: no join fan-out when several counts sit on one row."""
    sub = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_progress(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Annotate `done` and `total` (cancelled activities count in neither)."""
    activities = ProgrammeActivity.objects.exclude(status=ProgrammeActivity.Status.CANCELLED)
    return programmes.annotate(
        done=_count(activities.filter(status=ProgrammeActivity.Status.DONE), "programme"),
        total=_count(activities, "programme"),
    )


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def _next_meeting_prefetch(today: datetime.date) -> Prefetch:
    return Prefetch(
        "meetings", queryset=Meeting.objects.filter(date__gte=today).order_by("date", "pk")[:1], to_attr="next_meetings"
    )


def groups_with_work(groups: QuerySet[MentoringGroup], today: datetime.date) -> QuerySet[MentoringGroup]:
    """Groups with their programme, progress, last and next meeting and current members: five queries.

    The progress is counted on the prefetched programmes (`_decorate` copies it onto the group as
    `programme_done`/`programme_total`): two subqueries on the programmes' query, not four nested in the groups'."""
    return (
        groups.select_related("year")
        .annotate(last_meeting=Max("meetings__date", filter=Q(meetings__date__lte=today)))
        .prefetch_related(
            CURRENT_MEMBERS,
            _next_meeting_prefetch(today),
            Prefetch("programme", queryset=with_progress(Programme.objects.all())),
        )
    )


@dataclass
class MemberOverview:
    """What a mentor or mentee sees first: their groups, their programmes' progress, the forms to fill."""

    person: Person | None
    groups: list = field(default_factory=list)
    forms: list = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def overdue(self) -> list:
        return [f for f in self.forms if f.is_overdue(self.today)]


def member_overview(person: Person | None, today: datetime.date | None = None) -> MemberOverview:
    today = today or timezone.localdate()
    if person is None:
        return MemberOverview(person=None, today=today)
    groups = groups_with_work(
        MentoringGroup.objects.filter(pk__in=GroupMembership.objects.filter(person=person).values("group_id")).order_by(
            "-planned_start", "-pk"
        ),
        today,
    )
    groups = list(groups)
    for group in groups:
        _decorate(group, person)
    return MemberOverview(person=person, groups=groups, forms=forms_to_fill(person, today), today=today)


def _decorate(group: MentoringGroup, person: Person | None = None) -> None:
    group.programme_obj = getattr(group, "programme", None) if _has_programme(group) else None
    group.programme_done = group.programme_obj.done if group.programme_obj else None
    group.programme_total = group.programme_obj.total if group.programme_obj else None
    group.next_meeting = group.next_meetings[0] if group.next_meetings and group.is_open else None
    group.mentors = [m.person for m in group.current_memberships if m.role == MemberRole.MENTOR]
    group.mentees = [m.person for m in group.current_memberships if m.role == MemberRole.MENTEE]
    group.is_mentor = person is not None and any(p.pk == person.pk for p in group.mentors)
    group.can_log = group.is_mentor and group.status in (GroupStatus.APPROVED, GroupStatus.ACTIVE)
    group.progress_percent = percent(group.programme_done or 0, group.programme_total or 0)


def _has_programme(group) -> bool:
    try:
        group.programme  # noqa: B018 — prefetched; raises when there is none
    except Programme.DoesNotExist:
        return False
    return True


def forms_to_fill(person: Person, today: datetime.date) -> list[FeedbackRequest]:
    """Pending forms of a person that can be filled now, overdue first."""
    return list(
        FeedbackRequest.objects.filter(person=person, status=FeedbackRequest.Status.PENDING, opens_on__lte=today)
        .select_related("group", "questionnaire", "meeting")
        .order_by("due_date", "pk")
    )


def staff_groups_overview(year: AcademicYear | None, today: datetime.date | None = None) -> list[MentoringGroup]:
    """Every pair and group of the year (not proposals) with its programme and progress, for the curator."""
    today = today or timezone.localdate()
    if year is None:
        return []
    groups = list(
        groups_with_work(
            MentoringGroup.objects.of_year(year).exclude(status=GroupStatus.PROPOSED).order_by("status", "pk"),
            today,
        )
    )
    for group in groups:
        _decorate(group)
    return groups


def _directions_of(activities) -> list[dict]:
    """The plan grouped under the Regulation's eight directions, in the Regulation's order; empty ones left out."""
    by_direction: dict[str, list] = {}
    for activity in activities:
        by_direction.setdefault(activity.direction, []).append(activity)
    return [
        {"code": code, "label": label, "activities": sorted(by_direction[code], key=_activity_order)}
        for code, label in Direction.choices
        if code in by_direction
    ]


def _activity_order(activity):
    return (activity.position, activity.due_date or datetime.date.max, activity.pk or 0)


def programme_page(programme: Programme, today: datetime.date | None = None) -> dict:
    """Everything the programme page shows, in a constant number of queries."""
    today = today or timezone.localdate()
    activities = list(programme.activities.all())
    counted = [a for a in activities if a.status != ProgrammeActivity.Status.CANCELLED]
    done = sum(1 for a in counted if a.status == ProgrammeActivity.Status.DONE)
    group = programme.group
    memberships = list(group.memberships.select_related("person").order_by("role", "joined_on", "pk"))
    meetings = list(group.meetings.prefetch_related("attendees").order_by("-date", "-pk"))
    past_kinds = {m.kind for m in meetings if m.date <= today}
    return {
        "programme": programme,
        "group": group,
        "members": [m for m in memberships if m.left_on is None],
        "former_members": [m for m in memberships if m.left_on is not None],
        "directions": _directions_of(activities),
        "done": done,
        "total": len(counted),
        "progress_percent": percent(done, len(counted)),
        "changes": list(programme.changes.select_related("recorded_by").prefetch_related("consenting")),
        "meetings": meetings,
        "next_meeting": None
        if programme.status == Programme.Status.COMPLETED or not group.is_open
        else min((m for m in meetings if m.date >= today), key=lambda m: (m.date, m.pk), default=None),
        "suggested_kind": suggested_meeting_kind(past_kinds, programme, today),
        "feedback": list(
            group.feedback_requests.select_related("person", "meeting", "questionnaire").order_by("due_date", "pk")
        ),
        "today": today,
    }


def suggested_meeting_kind(past_kinds: set[str], programme: Programme | None, today: datetime.date) -> str:
    """Seed 002 item 3.5: introduction, trial, planning, then joint work; the final meeting near the end."""
    for kind in MEETING_SEQUENCE[:3]:
        if kind not in past_kinds:
            return kind
    if programme is not None and today >= programme.effective_end - datetime.timedelta(days=14):
        return Meeting.Kind.FINAL
    return Meeting.Kind.JOINT_WORK


def meeting_sequence_note(group: MentoringGroup, kind: str) -> str | None:
    """A gentle hint when a meeting breaks the usual order; returns the code of the hint, or None."""
    kinds = set(group.meetings.values_list("kind", flat=True))
    if kind != Meeting.Kind.INTRODUCTION and Meeting.Kind.INTRODUCTION not in kinds:
        return "no_introduction"
    if kind == Meeting.Kind.FINAL and Meeting.Kind.JOINT_WORK not in kinds:
        return "final_without_work"
    return None


# --- The curator's watch list -------------------------------------------------------------------------------


def inactive_groups(*, today: datetime.date | None = None, year: AcademicYear | None = None):
    """Active groups with no meeting held for MENTORING_INACTIVITY_WEEKS weeks, counted from the last meeting,
    else the programme's start, else the planned start. Annotated with `quiet_since` and `last_reminder`.

    The last meeting and the last reminder are aggregates of one grouped join (set-based), not two subqueries run
    for every active group."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(weeks=settings.MENTORING_INACTIVITY_WEEKS)
    groups = MentoringGroup.objects.filter(status=GroupStatus.ACTIVE)
    if year is not None:
        groups = groups.filter(pk__in=MentoringGroup.objects.of_year(year).values("pk"))
    return (
        groups.annotate(
            quiet_since=Coalesce(
                Max("meetings__date", filter=Q(meetings__date__lte=today)),
                F("programme__start_date"),
                F("planned_start"),
                output_field=DateField(),
            ),
            last_reminder=Max("inactivity_reminders__sent_at"),
        )
        .filter(quiet_since__lte=limit)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.filter(left_on__isnull=True, role=MemberRole.MENTOR).select_related(
                    "person", "person__user"
                ),
                to_attr="current_mentors",
            )
        )
        .order_by("quiet_since", "pk")
    )


def overdue_feedback(*, today: datetime.date | None = None, year: AcademicYear | None = None):
    """Required forms past their due date, oldest first."""
    today = today or timezone.localdate()
    qs = FeedbackRequest.objects.filter(status=FeedbackRequest.Status.PENDING, required=True, due_date__lt=today)
    if year is not None:
        qs = qs.filter(group__in=MentoringGroup.objects.of_year(year).values("pk"))
    return qs.select_related("person", "group", "meeting", "questionnaire").order_by("due_date", "pk")


def feedback_counts(*, today: datetime.date | None = None, year: AcademicYear | None = None) -> dict:
    today = today or timezone.localdate()

    def build():  # compiled once per day and year (mentoring.sql_once): compiling costs more than running
        qs = FeedbackRequest.objects.filter(status=FeedbackRequest.Status.PENDING, required=True, opens_on__lte=today)
        if year is not None:
            qs = qs.filter(group__in=MentoringGroup.objects.of_year(year).values("pk"))
        return qs, {
            "due": Count("pk", filter=Q(due_date__gte=today)),
            "overdue": Count("pk", filter=Q(due_date__lt=today)),
        }

    return aggregate_once(("feedback-counts", today, year.pk if year else None), build)


# --- Satisfaction (monitoring reuses this) ------------------------------------------------------------------


def satisfaction_aggregates(year: AcademicYear) -> dict:
    """Average answer per scale question of the satisfaction questionnaires of a year, for mentors and mentees.

    Returns {"mentor": {"respondents": n, "average": x, "questions": [{number, text, average, answers}]},
    "mentee": {...}}; averages are on the 1–10 scale, rounded to two decimals, None when nobody answered."""
    base = Answer.objects.filter(
        response__year=year,
        response__questionnaire__kind=Questionnaire.Kind.SATISFACTION,
        question__kind=Question.Kind.SCALE,
    )
    rows = (
        base.values("response__questionnaire__audience", "question__number", "question__text")
        .annotate(average=_avg_value(), answers=Count("pk"))
        .order_by("response__questionnaire__audience", "question__number")
    )
    totals = {
        row["response__questionnaire__audience"]: row
        for row in base.values("response__questionnaire__audience")
        .annotate(average=_avg_value(), respondents=Count("response", distinct=True))
        .order_by()
    }
    result = {}
    for audience in (Questionnaire.Audience.MENTOR, Questionnaire.Audience.MENTEE):
        total = totals.get(audience, {})
        result[str(audience)] = {
            "respondents": total.get("respondents", 0),
            "average": _round(total.get("average")),
            "questions": [
                {
                    "number": r["question__number"],
                    "text": r["question__text"],
                    "average": _round(r["average"]),
                    "answers": r["answers"],
                }
                for r in rows
                if r["response__questionnaire__audience"] == audience
            ],
        }
    return result


def _avg_value():
    from django.db.models import Avg

    return Avg(Cast("value", FloatField()))


def _round(value):
    return None if value is None else round(value, 2)


# --- The programme as a document ----------------------------------------------------------------------------


def programme_document_context(programme: Programme) -> dict:
    """The context of templates/documents/programme.html: the programme as the school files it."""
    programme = (
        Programme.objects.select_related("group", "group__year")
        .prefetch_related("activities", Prefetch("changes", queryset=programme.changes.order_by("agreed_on", "pk")))
        .get(pk=programme.pk)
    )
    group = programme.group
    memberships = group.memberships.select_related("person").order_by("role", "joined_on", "pk")
    # The members at the end for a finished group; the current ones otherwise.
    if group.ended_on:
        memberships = memberships.filter(left_on=group.ended_on)
    else:
        memberships = memberships.filter(left_on__isnull=True)
    memberships = list(memberships)
    return {
        "organisation": organisation(),
        "programme": programme,
        "group": group,
        "year": group.year,
        "mentors": [m.person for m in memberships if m.role == MemberRole.MENTOR],
        "mentees": [m.person for m in memberships if m.role == MemberRole.MENTEE],
        "form_label": group.form_label,  # as the kind calls it (mentoring.kinds)
        "type_labels": MentoringGroup._meta.get_field("types").labels(group.types),
        "directions": _directions_of(programme.activities.all()),
        "changes": list(programme.changes.all()),
        "mode_label": programme.get_mode_display(),
    }


def template_for_form(form: str) -> ProgrammeTemplate | None:
    """The active template made for this form of mentoring, else the school's first (general) template."""
    templates = list(ProgrammeTemplate.objects.filter(is_active=True).order_by("pk"))
    matching = [t for t in templates if form in (t.forms or [])]
    return (matching or templates or [None])[0]
