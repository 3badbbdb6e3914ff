"""Monitoring indicators of an academic year (Regulation §3.4; seed 002 §4; order Р-145 of 25.12.2019).

Every indicator is one selector with its definition written once, in `DEFINITIONS`, next to the code; the dashboard
shows the same text as a tooltip, the PDF and the JSON export print it. Each selector is a fixed number of aggregate
queries whatever the size of the school (no Python loops over people), so the dashboard costs the same for 10 or
1,000 people.

Who is counted («учитываемые лица»), the one rule behind every figure about people:
  * not anonymised;
  * has a personal-data consent valid on the reference day (`reference_day`: the year's last day for a past year,
    today for the current one) — `mentoring.selectors.valid_consent_q`;
  * and has not withdrawn consent since, unless a new consent is valid today: withdrawal stops processing, so a
    withdrawn person disappears from every report made afterwards, past years included (152-ФЗ art. 9 part 2).

A participant of the year in a role is a counted person with a membership in that role in a group of the year that
the director's order approved (`approved_on` set; Regulation §6.2: proposals are not yet pairs). Members who left
the group still count for that year. A person who is a mentor in one group and a mentee in another counts once in
each role, and once among participants.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.choices import (
    TEACHING_CATEGORIES,
    Category,
    CompletionReason,
    GroupStatus,
    MemberRole,
    MenteeStatus,
    MentoringForm,
    MentoringType,
)
from mentoring.models import (
    AcademicYear,
    Answer,
    Consent,
    Contingent,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    Person,
    Question,
    Questionnaire,
)
from mentoring.selectors import valid_consent_exists

# Р-145 age bands and the federal target of involvement.
MENTEE_STUDENT_AGES = (10, 18)
MENTOR_STUDENT_AGES = (15, 19)
YOUNG_TEACHER_MAX_SERVICE = 3
FEDERAL_TARGET_PERCENT = 70
# How long mentees have been waiting: upper bounds of the bands, in days.
WAIT_BANDS = (30, 90)

DEFINITIONS = {
    "counted": _(
        "Counted people: not anonymised, with a personal-data consent valid on the reference day (the last day of a "
        "past year, today for the current year) and no withdrawal since. Everyone else is left out of every figure."
    ),
    "participants": _(
        "Participants: counted people who are members of a pair or group of the year approved by the director's "
        "order, including those who left it. A mentor in one group and a mentee in another counts once in each role "
        "and once in the total."
    ),
    "share_students_mentees": _(
        "Share of students aged 10–18 (on the reference day) who are mentees, of the pupils aged 10–18 in the "
        "contingent of the year entered in the school settings (Р-145)."
    ),
    "share_young_teachers_mentees": _(
        "Share of young teachers who are mentees, of the young specialists in the contingent of the year. A young "
        "teacher is a counted person of the category «young specialist», or a teacher with 0–3 years of service at "
        "the start of the year (Р-145)."
    ),
    "share_students_mentors": _(
        "Share of students aged 15–19 (on the reference day) who are mentors, of the pupils aged 15–19 in the "
        "contingent of the year (Р-145)."
    ),
    "share_involved": _(
        "Share of students and teachers (counted people of every category except external participants) who take "
        "part in some form of mentoring, of all the pupils and teachers in the contingent of the year; the federal "
        "target is at least 70%. Without a contingent the shares are not counted."
    ),
    "groups": _(
        "Pairs and groups of the year by status, form and type, proposals included. A group has several types, so "
        "the type counts may add up to more than the number of groups."
    ),
    "endings": _(
        "Pairs and groups of the year that ended: completed when the plan was done, otherwise terminated, with the "
        "reason recorded when they ended (Regulation §7.1)."
    ),
    "meetings": _(
        "Meetings logged from the start of the year up to the reference day, per pair or group approved by order."
    ),
    "feedback": _(
        "Required feedback forms of counted people with a due date within the year: due once the due date has "
        "passed (or filled earlier); received when filled. Cancelled forms are not due."
    ),
    "satisfaction": _(
        "Average score (1–10) of the scale questions of the satisfaction questionnaires filled in the year by counted "
        "mentors and mentees, per question."
    ),
    "waiting": _(
        "Counted mentees of the year's bank still awaiting a mentor (or supported without a pair), and how many days "
        "since they entered the programme, up to the reference day."
    ),
}


@dataclass(frozen=True)
class Scope:
    """What the figures are about: a year, an optional category of people and form of mentoring, a reference day."""

    year: AcademicYear
    day: datetime.date
    today: datetime.date
    category: str = ""
    form: str = ""


def reference_day(year: AcademicYear, today: datetime.date | None = None) -> datetime.date:
    """The day figures are taken on: today while the year runs, its last day once it is over."""
    today = today or timezone.localdate()
    return max(year.start_date, min(today, year.end_date))


def make_scope(year: AcademicYear, *, category: str = "", form: str = "", today: datetime.date | None = None) -> Scope:
    today = today or timezone.localdate()
    category = category if category in Category.values else ""
    form = form if form in MentoringForm.values else ""
    return Scope(year=year, day=reference_day(year, today), today=today, category=category, form=form)


# --- The definitions as query expressions ---------------------------------------------------------------------------


def counted_people(scope: Scope) -> QuerySet[Person]:
    """The people every figure counts (module docstring): one queryset, three EXISTS subqueries."""
    withdrawn = Exists(
        Consent.objects.filter(
            person_id=OuterRef("pk"), kind="processing", withdrawn_on__isnull=False, withdrawn_on__lte=scope.today
        )
    )
    return Person.objects.filter(anonymised_at__isnull=True).filter(
        valid_consent_exists(scope.day), ~withdrawn | valid_consent_exists(scope.today)
    )


def counted_person_ids(scope: Scope) -> QuerySet:
    return counted_people(scope).values("pk")


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_between_q(day: datetime.date, low: int, high: int, *, prefix: str = "") -> Q:
    """Aged from `low` to `high` years inclusive on `day` (people without a date of birth are not)."""
    return Q(**{f"{prefix}birth_date__lte": _years_before(day, low)}) & Q(
        **{f"{prefix}birth_date__gt": _years_before(day, high + 1)}
    )


def young_teacher_q(year: AcademicYear, *, prefix: str = "") -> Q:
    """A young teacher (Р-145: 0–3 years of service): a young specialist, or a teacher whose service at the start
    of the year, `Person.service_years_on(year.start_date)`, is at most three years."""
    return Q(**{f"{prefix}category": Category.YOUNG_SPECIALIST}) | Q(
        **{
            f"{prefix}category__in": TEACHING_CATEGORIES,
            f"{prefix}career_start_year__gte": year.start_date.year - YOUNG_TEACHER_MAX_SERVICE,
        }
    )


def is_young_teacher(person: Person, year: AcademicYear) -> bool:
    """The same rule for one loaded person (pages, tests); `young_teacher_q` is the database twin."""
    if person.category == Category.YOUNG_SPECIALIST:
        return True
    service = person.service_years_on(year.start_date)
    return person.category in TEACHING_CATEGORIES and service is not None and service <= YOUNG_TEACHER_MAX_SERVICE


def approved_groups(scope: Scope) -> QuerySet[MentoringGroup]:
    """Groups of the year approved by order (Regulation §6.2), in the chosen form."""
    qs = MentoringGroup.objects.of_year(scope.year).filter(approved_on__isnull=False)
    return qs.filter(form=scope.form) if scope.form else qs


def _membership_exists(scope: Scope, role: str, person_ref: str = "pk") -> Exists:
    """A membership in the role in an approved group of the year (carried-over groups included)."""
    qs = GroupMembership.objects.filter(person_id=OuterRef(person_ref), role=role, group__in=approved_groups(scope))
    return Exists(qs)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- Indicators -----------------------------------------------------------------------------------------------------


def participants(scope: Scope) -> dict:
    """Participants by category and role (one query). `rows` has every category, zeros included."""
    people = counted_people(scope).annotate(
        is_mentor=_membership_exists(scope, MemberRole.MENTOR), is_mentee=_membership_exists(scope, MemberRole.MENTEE)
    )
    if scope.category:
        people = people.filter(category=scope.category)
    found = {
        row["category"]: row
        for row in people.values("category")
        .annotate(
            people=Count("pk"),
            mentors=Count("pk", filter=Q(is_mentor=True)),
            mentees=Count("pk", filter=Q(is_mentee=True)),
            both=Count("pk", filter=Q(is_mentor=True, is_mentee=True)),
            participants=Count("pk", filter=Q(is_mentor=True) | Q(is_mentee=True)),
        )
        .order_by()
    }
    rows = []
    for code, label in Category.choices:
        if scope.category and code != scope.category:
            continue
        row = found.get(code, {})
        rows.append(
            {
                "category": code,
                "label": str(label),
                **{key: row.get(key, 0) for key in ("people", "mentors", "mentees", "both", "participants")},
            }
        )
    totals = {key: sum(r[key] for r in rows) for key in ("people", "mentors", "mentees", "both", "participants")}
    return {"rows": rows, "totals": totals}


def shares(scope: Scope) -> dict:
    """The Р-145 shares and the federal target: the participants counted in one aggregate query, against the
    contingent of the year (one query) — the school's real numbers, not whoever happens to be in the register.
    Without a contingent a share has no denominator and no percent (`contingent` is False). The category filter
    does not apply: each share defines its own population; the form filter does (membership in groups of that form).
    """
    day = scope.day
    is_mentor = _membership_exists(scope, MemberRole.MENTOR)
    is_mentee = _membership_exists(scope, MemberRole.MENTEE)
    people = counted_people(scope).annotate(is_mentor=is_mentor, is_mentee=is_mentee)
    students_10_18 = Q(category=Category.STUDENT) & age_between_q(day, *MENTEE_STUDENT_AGES)
    students_15_19 = Q(category=Category.STUDENT) & age_between_q(day, *MENTOR_STUDENT_AGES)
    young = young_teacher_q(scope.year)
    school = ~Q(category=Category.EXTERNAL)
    involved = Q(is_mentor=True) | Q(is_mentee=True)
    a = people.aggregate(
        students_10_18_mentees=Count("pk", filter=students_10_18 & Q(is_mentee=True)),
        young_teachers_mentees=Count("pk", filter=young & Q(is_mentee=True)),
        students_15_19_mentors=Count("pk", filter=students_15_19 & Q(is_mentor=True)),
        school_people_involved=Count("pk", filter=school & involved),
    )
    contingent = Contingent.objects.filter(year=scope.year).first()
    wholes = {
        "share_students_mentees": contingent.pupils_10_18 if contingent else None,
        "share_young_teachers_mentees": contingent.young_teachers if contingent else None,
        "share_students_mentors": contingent.pupils_15_19 if contingent else None,
        "share_involved": contingent.pupils_total + contingent.teachers if contingent else None,
    }

    def share(code, part):
        whole = wholes[code]
        return {
            "code": code,
            "part": a[part],
            "whole": whole,
            "percent": _pct(a[part], whole) if whole is not None else None,
        }

    return {
        "share_students_mentees": share("share_students_mentees", "students_10_18_mentees"),
        "share_young_teachers_mentees": share("share_young_teachers_mentees", "young_teachers_mentees"),
        "share_students_mentors": share("share_students_mentors", "students_15_19_mentors"),
        "share_involved": share("share_involved", "school_people_involved"),
        "target_percent": FEDERAL_TARGET_PERCENT,
        "contingent": contingent is not None,
    }


def year_groups(scope: Scope) -> QuerySet[MentoringGroup]:
    """All groups of the year (proposals and carried-over groups too) in the chosen form, with a member of the
    chosen category."""
    qs = MentoringGroup.objects.of_year(scope.year)
    if scope.form:
        qs = qs.filter(form=scope.form)
    if scope.category:
        qs = qs.filter(Exists(GroupMembership.objects.filter(group_id=OuterRef("pk"), person__category=scope.category)))
    return qs


def groups(scope: Scope) -> dict:
    """Pairs and groups by status, form and type: one aggregate query with a filtered count per value."""
    counts = {"total": Count("pk")}
    for code in GroupStatus.values:
        counts[f"status_{code}"] = Count("pk", filter=Q(status=code))
    for code in MentoringForm.values:
        counts[f"form_{code}"] = Count("pk", filter=Q(form=code))
    for code in MentoringType.values:
        # `types` is a JSON list; matching the quoted code works on PostgreSQL and on SQLite (the demo).
        counts[f"type_{code}"] = Count("pk", filter=Q(types__icontains=f'"{code}"'))
    a = year_groups(scope).aggregate(**counts)

    def part(prefix, choices):
        return [{"code": code, "label": str(label), "count": a[f"{prefix}_{code}"]} for code, label in choices]

    return {
        "total": a["total"],
        "by_status": part("status", GroupStatus.choices),
        "by_form": [row for row in part("form", MentoringForm.choices) if row["count"] or scope.form == row["code"]],
        "by_type": part("type", MentoringType.choices),
    }


def endings(scope: Scope) -> dict:
    """Completed and terminated pairs and groups with reasons (one query)."""
    found = {
        (row["status"], row["completion_reason"]): row["n"]
        for row in year_groups(scope)
        # Ended by the reference day: a group carried into the next year and ended there is that year's ending.
        .filter(status__in=[GroupStatus.COMPLETED, GroupStatus.TERMINATED], ended_on__lte=scope.day)
        .values("status", "completion_reason")
        .annotate(n=Count("pk"))
        .order_by()
    }
    completed = sum(n for (status, _reason), n in found.items() if status == GroupStatus.COMPLETED)
    reasons = [
        {"code": code, "label": str(label), "count": found.get((GroupStatus.TERMINATED, code), 0)}
        for code, label in CompletionReason.choices
        if code != CompletionReason.PLAN_COMPLETED
    ]
    return {
        "completed": completed,
        "terminated": sum(r["count"] for r in reasons),
        "terminated_by_reason": reasons,
    }


MEETING_BANDS = ((0, 0), (1, 2), (3, 5), (6, 9), (10, None))


def meetings(scope: Scope) -> dict:
    """Meetings held per approved group up to the reference day: totals, average and a distribution (one query
    for the per-group counts aggregated in the database, one for the kinds)."""
    from programmes.models import Meeting

    in_year = Q(meetings__date__gte=scope.year.start_date, meetings__date__lte=scope.day)
    per_group = approved_groups(scope)
    if scope.category:
        per_group = per_group.filter(
            Exists(GroupMembership.objects.filter(group_id=OuterRef("pk"), person__category=scope.category))
        )
    per_group = per_group.annotate(n=Count("meetings", filter=in_year))
    bands = {}
    for low, high in MEETING_BANDS:
        cond = Q(n__gte=low) if high is None else Q(n__gte=low, n__lte=high)
        bands[f"band_{low}"] = Count("pk", filter=cond)
    a = per_group.aggregate(groups=Count("pk"), total=Sum("n"), average=Avg("n"), most=Max("n"), **bands)
    kinds = dict(
        Meeting.objects.filter(group__in=per_group.values("pk"), date__gte=scope.year.start_date, date__lte=scope.day)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    band_rows = [
        {
            "label": str(low) if high == low else (f"{low}+" if high is None else f"{low}–{high}"),
            "count": a[f"band_{low}"],
        }
        for low, high in MEETING_BANDS
    ]
    return {
        "groups": a["groups"],
        "total": a["total"] or 0,
        "average": round(a["average"], 1) if a["average"] is not None else None,
        "most": a["most"] or 0,
        "without_meetings": a["band_0"],
        "bands": band_rows,
        "by_kind": [
            {"code": code, "label": str(label), "count": kinds.get(code, 0)} for code, label in Meeting.Kind.choices
        ],
    }


def meetings_per_group(scope: Scope) -> dict[int, int]:
    """{group id: meetings held} for the approved groups (the report's group sections), one query."""
    in_year = Q(meetings__date__gte=scope.year.start_date, meetings__date__lte=scope.day)
    return dict(approved_groups(scope).annotate(n=Count("meetings", filter=in_year)).values_list("pk", "n"))


def feedback(scope: Scope) -> dict:
    """Feedback forms received against forms due, by kind (one query)."""
    from programmes.models import FeedbackRequest

    # The forms due within the year: a group carried over into the next year brings the forms due there to it,
    # so a year that has ended keeps its figures.
    carried_here = Exists(
        MentoringGroup.carried_into.through.objects.filter(
            mentoringgroup_id=OuterRef("group_id"), academicyear_id=scope.year.pk
        )
    )
    qs = FeedbackRequest.objects.filter(
        Q(group__year=scope.year, due_date__lte=scope.year.end_date)
        | Q(carried_here, due_date__gte=scope.year.start_date, due_date__lte=scope.year.end_date),
        required=True,
        person_id__in=counted_person_ids(scope),
    ).exclude(status=FeedbackRequest.Status.CANCELLED)
    if scope.form:
        qs = qs.filter(group__form=scope.form)
    if scope.category:
        qs = qs.filter(person__category=scope.category)
    done = Q(status=FeedbackRequest.Status.DONE)
    found = {
        row["kind"]: row
        for row in qs.values("kind")
        .annotate(
            due=Count("pk", filter=done | Q(due_date__lte=scope.day)),
            received=Count("pk", filter=done),
            overdue=Count("pk", filter=Q(status=FeedbackRequest.Status.PENDING, due_date__lt=scope.day)),
        )
        .order_by()
    }
    rows = []
    for code, label in FeedbackRequest.Kind.choices:
        row = found.get(code, {})
        due, received = row.get("due", 0), row.get("received", 0)
        rows.append(
            {
                "kind": code,
                "label": str(label),
                "due": due,
                "received": received,
                "overdue": row.get("overdue", 0),
                "percent": _pct(received, due),
            }
        )
    due, received = sum(r["due"] for r in rows), sum(r["received"] for r in rows)
    return {"rows": rows, "due": due, "received": received, "percent": _pct(received, due)}


def satisfaction(scope: Scope) -> dict:
    """Average score per satisfaction question, for mentors and for mentees (one query).

    The respondent's role is the questionnaire's audience; for a questionnaire meant for anyone, the role the
    respondent had in the group the response is about."""
    mentor_in_group = Exists(
        GroupMembership.objects.filter(
            group_id=OuterRef("response__group_id"), person_id=OuterRef("response__respondent_id"), role="mentor"
        )
    )
    role = Case(
        When(response__questionnaire__audience=Questionnaire.Audience.MENTOR, then=Value(MemberRole.MENTOR)),
        When(response__questionnaire__audience=Questionnaire.Audience.MENTEE, then=Value(MemberRole.MENTEE)),
        When(mentor_in_group, then=Value(MemberRole.MENTOR)),
        default=Value(MemberRole.MENTEE),
        output_field=CharField(),
    )
    qs = Answer.objects.filter(
        question__kind=Question.Kind.SCALE,
        response__questionnaire__kind=Questionnaire.Kind.SATISFACTION,
        response__year=scope.year,
        response__respondent_id__in=counted_person_ids(scope),
        value__isnull=False,
    )
    if scope.form:
        qs = qs.filter(response__group__form=scope.form)
    if scope.category:
        qs = qs.filter(response__respondent__category=scope.category)
    rows = list(
        qs.annotate(role=role)
        .values("role", "question__questionnaire__title", "question__number", "question__text")
        .annotate(
            average=Avg(Cast("value", FloatField())), answers=Count("pk"), respondents=Count("response", distinct=True)
        )
        .order_by("role", "question__questionnaire__title", "question__number")
    )
    result = {}
    for code in (MemberRole.MENTOR, MemberRole.MENTEE):
        questions = [
            {
                "number": r["question__number"],
                "text": r["question__text"],
                "questionnaire": r["question__questionnaire__title"],
                "average": round(r["average"], 2),
                "answers": r["answers"],
            }
            for r in rows
            if r["role"] == code
        ]
        answers = sum(q["answers"] for q in questions)
        # Weighted by answers, this equals the mean of every score given (rows are questions, not people).
        overall = sum(r["average"] * r["answers"] for r in rows if r["role"] == code) / answers if answers else None
        result[str(code)] = {
            "questions": questions,
            "answers": answers,
            "respondents": max((r["respondents"] for r in rows if r["role"] == code), default=0),
            "average": round(overall, 2) if overall is not None else None,
        }
    return result


def waiting(scope: Scope) -> dict:
    """Mentees still waiting for a mentor and for how long (one aggregate query)."""
    qs = MenteeProfile.objects.filter(
        year=scope.year,
        status__in=[MenteeStatus.AWAITING, MenteeStatus.SUPPORTED],
        person_id__in=counted_person_ids(scope),
        entered_on__lte=scope.day,
    )
    if scope.category:
        qs = qs.filter(person__category=scope.category)
    if scope.form:
        qs = qs.filter(preferred_form=scope.form)
    waited = ExpressionWrapper(Value(scope.day) - F("entered_on"), output_field=DurationField())
    short, medium = (scope.day - datetime.timedelta(days=d) for d in WAIT_BANDS)
    a = qs.aggregate(
        count=Count("pk"),
        supported=Count("pk", filter=Q(status=MenteeStatus.SUPPORTED)),
        average=Avg(waited),
        longest=Max(waited),
        band_short=Count("pk", filter=Q(entered_on__gt=short)),
        band_medium=Count("pk", filter=Q(entered_on__lte=short, entered_on__gt=medium)),
        band_long=Count("pk", filter=Q(entered_on__lte=medium)),
    )

    def days(value):
        return round(value.total_seconds() / 86400, 1) if value is not None else None

    return {
        "count": a["count"],
        "supported": a["supported"],
        "average_days": days(a["average"]),
        "longest_days": days(a["longest"]),
        "bands": [
            {"code": "short", "label": str(_("under 30 days")), "count": a["band_short"]},
            {"code": "medium", "label": str(_("30–90 days")), "count": a["band_medium"]},
            {"code": "long", "label": str(_("over 90 days")), "count": a["band_long"]},
        ],
    }


def year_indicators(scope: Scope) -> dict:
    """Every indicator of the year, JSON-ready (codes plus labels), in a fixed number of queries."""
    return {
        "year": scope.year.title,
        "reference_day": scope.day.isoformat(),
        "filters": {"category": scope.category, "form": scope.form},
        "participants": participants(scope),
        "shares": shares(scope),
        "groups": groups(scope),
        "endings": endings(scope),
        "meetings": meetings(scope),
        "feedback": feedback(scope),
        "satisfaction": satisfaction(scope),
        "waiting": waiting(scope),
    }


def key_figures(scope: Scope) -> dict:
    """The few figures compared across years (dashboard table, home panel): shares, groups, waiting."""
    s = shares(scope)
    g = year_groups(scope).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=GroupStatus.COMPLETED)),
        terminated=Count("pk", filter=Q(status=GroupStatus.TERMINATED)),
    )
    return {
        "year": scope.year.title,
        "year_id": scope.year.pk,
        "participants": participants(scope)["totals"]["participants"],
        "share_students_mentees": s["share_students_mentees"]["percent"],
        "share_young_teachers_mentees": s["share_young_teachers_mentees"]["percent"],
        "share_students_mentors": s["share_students_mentors"]["percent"],
        "share_involved": s["share_involved"]["percent"],
        "contingent": s["contingent"],
        "groups": g["total"],
        "completed": g["completed"],
        "terminated": g["terminated"],
        "waiting": waiting(scope)["count"],
    }


def years_compared(*, category: str = "", form: str = "", limit: int = 3) -> list[dict]:
    """Key figures of the last `limit` years, newest first: a fixed number of queries per year shown."""
    years = AcademicYear.objects.order_by("-start_date")[:limit]
    return [key_figures(make_scope(y, category=category, form=form)) for y in years]
