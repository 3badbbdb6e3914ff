"""Reads that carry a rule. `valid_consent_q` is THE definition of valid consent, used everywhere."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from .choices import ConsentKind, GroupStatus, MemberRole, MenteeStatus, MentorStatus
from .kinds import current_kind_remember, unit_normalise
from .models import (
    AcademicYear,
    Consent,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Organisation,
    Person,
)
from .sql_once import aggregate_once, values_once


def valid_consent_q(on: datetime.date | None = None, *, prefix: str = "", kind: str = ConsentKind.PROCESSING) -> Q:
    """Consent of a kind in force on a day: started, not expired, not withdrawn (withdrawal takes effect that day).

    The processing consent (152-ФЗ art. 9) opens banks, pairs and programmes; the publication consent
    (art. 10.1, a separate document) is read by the public section only.
    """
    day = on or timezone.localdate()
    return (
        Q(**{f"{prefix}kind": kind})
        & Q(**{f"{prefix}valid_from__lte": day})
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
        & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day}))
    )


def valid_consent_exists(on: datetime.date | None = None, *, person_ref: str = "pk") -> Exists:
    """An `Exists` subquery for annotating any queryset whose `person_ref` points to a Person."""
    return Exists(Consent.objects.filter(valid_consent_q(on), person_id=OuterRef(person_ref)))


def person_has_valid_consent(person: Person, on: datetime.date | None = None) -> bool:
    return Consent.objects.filter(valid_consent_q(on), person=person).exists()


def current_year() -> AcademicYear | None:
    return AcademicYear.objects.filter(is_current=True).first()


def organisation() -> Organisation | None:
    found = Organisation.objects.first()
    current_kind_remember(found.kind if found else None)
    return found


def people_with_consent_state(on: datetime.date | None = None) -> QuerySet[Person]:
    return Person.objects.annotate(has_valid_consent=valid_consent_exists(on))


def mentor_load(year: AcademicYear) -> QuerySet[MentorProfile]:
    """Mentor bank entries annotated with how many mentees they currently lead in open groups."""
    open_statuses = [GroupStatus.PROPOSED, GroupStatus.APPROVED, GroupStatus.ACTIVE]
    return MentorProfile.objects.filter(year=year).annotate(
        load=Count(
            "person__memberships__group__memberships",
            filter=Q(
                person__memberships__role=MemberRole.MENTOR,
                person__memberships__left_on__isnull=True,
                person__memberships__group__in=MentoringGroup.objects.of_year(year),
                person__memberships__group__status__in=open_statuses,
                person__memberships__group__memberships__role=MemberRole.MENTEE,
                person__memberships__group__memberships__left_on__isnull=True,
            ),
            distinct=True,
        )
    )


def mentor_loads(year: AcademicYear, *, person_ids: list[int] | None = None) -> dict[int, int]:
    """{mentor person id: mentees they currently lead in open groups of the year}, one aggregate query: the same
    figure as `mentor_load` without grouping every bank column by a double join. `person_ids`: only these."""
    open_statuses = [GroupStatus.PROPOSED, GroupStatus.APPROVED, GroupStatus.ACTIVE]
    only = {} if person_ids is None else {"group__memberships__person_id__in": person_ids}
    rows = (
        GroupMembership.objects.filter(
            role=MemberRole.MENTEE,
            left_on__isnull=True,
            group__year=year,
            group__status__in=open_statuses,
            group__memberships__role=MemberRole.MENTOR,
            group__memberships__left_on__isnull=True,
            **only,
        )
        .values("group__memberships__person_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row["group__memberships__person_id"]: row["n"] for row in rows}


def mentor_current_load(profile: MentorProfile) -> int:
    return mentor_load(profile.year).get(pk=profile.pk).load


def groups_for_user(user) -> QuerySet[MentoringGroup]:
    """The object scope: staff roles see every group; a mentor or mentee only groups they belong to."""
    from .permissions import STAFF_ROLES

    if user.has_role(*STAFF_ROLES):
        return MentoringGroup.objects.all()
    person = getattr(user, "person", None)
    if person is None:
        return MentoringGroup.objects.none()
    return MentoringGroup.objects.filter(memberships__person=person).distinct()


def curator_dashboard_counts(year: AcademicYear | None) -> dict:
    """The curator's home page figures, each one aggregate query."""
    today = timezone.localdate()
    # Each figure's SQL is compiled once per day and year (mentoring.sql_once): compiling costs more than running.
    people = aggregate_once(
        ("curator-counts-people", today),
        lambda: (
            Person.objects.active(),
            {
                "total": Count("pk"),
                "without_consent": Count(
                    "pk", filter=~Q(pk__in=Consent.objects.filter(valid_consent_q(today)).values("person_id"))
                ),
            },
        ),
    )
    result = {"people": people["total"], "without_consent": people["without_consent"], "awaiting": 0, "groups": {}}
    if year is not None:
        # Supported mentees are still waiting: they get support while the search for a mentor goes on.
        result["awaiting"] = aggregate_once(
            ("curator-counts-awaiting", year.pk),
            lambda: (
                MenteeProfile.objects.filter(year=year, status__in=[MenteeStatus.AWAITING, MenteeStatus.SUPPORTED]),
                {"n": Count("pk")},
            ),
        )["n"]
        rows = values_once(
            ("curator-counts-groups", year.pk),
            lambda: MentoringGroup.objects.of_year(year).values("status").annotate(n=Count("pk")).order_by(),
        )
        by_status = {row["status"]: row["n"] for row in rows}
        result["groups"] = [(label, by_status.get(value, 0), value) for value, label in GroupStatus.choices]
    return result


# --- People, consents and banks (the curator's September and October) -----------------------------

EXPIRY_WARNING_DAYS = 30


class ConsentState:
    VALID = "valid"
    EXPIRING = "expiring"
    MISSING = "missing"
    WITHDRAWN = "withdrawn"


def with_consent_state(queryset: QuerySet, on: datetime.date | None = None, *, person_ref: str = "pk") -> QuerySet:
    """Annotate `has_valid_consent`, `consent_expiring` (valid now, not in 30 days) and `consent_withdrawn`."""
    day = on or timezone.localdate()
    later = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return queryset.annotate(
        has_valid_consent=valid_consent_exists(day, person_ref=person_ref),
        valid_in_30_days=valid_consent_exists(later, person_ref=person_ref),
        consent_withdrawn=Exists(
            Consent.objects.filter(
                person_id=OuterRef(person_ref),
                kind=ConsentKind.PROCESSING,
                withdrawn_on__isnull=False,
                withdrawn_on__lte=day,
            )
        ),
        consent_valid_until=Subquery(
            Consent.objects.filter(valid_consent_q(day), person_id=OuterRef(person_ref))
            .order_by(F("valid_until").desc(nulls_first=True))
            .values("valid_until")[:1]
        ),
    )


def consent_state_q(state: str, on: datetime.date | None = None) -> Q:
    """Filter for a queryset annotated by `with_consent_state`."""
    match state:
        case ConsentState.VALID:
            return Q(has_valid_consent=True)
        case ConsentState.EXPIRING:
            return Q(has_valid_consent=True, valid_in_30_days=False)
        case ConsentState.WITHDRAWN:
            return Q(has_valid_consent=False, consent_withdrawn=True)
        case ConsentState.MISSING:
            return Q(has_valid_consent=False, consent_withdrawn=False)
    return Q()


def consent_state_of(row) -> str:
    """The state of one annotated row (a Person or a bank entry)."""
    if row.has_valid_consent:
        return ConsentState.VALID if row.valid_in_30_days else ConsentState.EXPIRING
    return ConsentState.WITHDRAWN if row.consent_withdrawn else ConsentState.MISSING


def people_list(
    *,
    year: AcademicYear | None,
    search: str = "",
    category: str = "",
    grade: str = "",
    subject: str = "",
    consent: str = "",
    bank: str = "",
    status: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Person]:
    """The people page: one query for the rows whatever the filters (annotations, no per-row lookups)."""
    qs = with_consent_state(Person.objects.all(), on).annotate(
        mentor_status=Subquery(MentorProfile.objects.filter(person_id=OuterRef("pk"), year=year).values("status")[:1]),
        mentee_status=Subquery(MenteeProfile.objects.filter(person_id=OuterRef("pk"), year=year).values("status")[:1]),
    )
    qs = qs.filter(anonymised_at__isnull=status != "anonymised")
    for word in search.split()[:4]:
        qs = qs.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(patronymic__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    if category:
        qs = qs.filter(category=category)
    if grade:
        qs = qs.filter(grade__iexact=unit_normalise(grade))
    if subject:
        qs = qs.filter(subject__icontains=subject)
    if consent:
        qs = qs.filter(consent_state_q(consent, on))
    if bank == "mentor":
        qs = qs.filter(mentor_status__isnull=False).exclude(mentor_status=MentorStatus.LEFT)
    elif bank == "mentee":
        qs = qs.filter(mentee_status__isnull=False).exclude(mentee_status=MenteeStatus.LEFT)
    elif bank == "none":
        qs = qs.filter(Q(mentor_status__isnull=True) | Q(mentor_status=MentorStatus.LEFT)).filter(
            Q(mentee_status__isnull=True) | Q(mentee_status=MenteeStatus.LEFT)
        )
    if status in MenteeStatus.values:
        qs = qs.filter(mentee_status=status)
    elif status.startswith("mentor_") and status[7:] in MentorStatus.values:
        qs = qs.filter(mentor_status=status[7:])
    return qs.order_by("last_name", "first_name", "patronymic", "pk")


def people_filter_options() -> dict:
    """Classes and subjects present, for the filter drop-downs (two small queries)."""
    active = Person.objects.active()
    return {
        "grades": sorted(set(active.exclude(grade="").values_list("grade", flat=True)), key=lambda g: (len(g), g)),
        "subjects": sorted(set(active.exclude(subject="").values_list("subject", flat=True))),
    }


def person_card(pk: int) -> Person:
    """A person with consents, bank entries and groups, loaded in a fixed number of queries."""
    return (
        with_consent_state(Person.objects.all())
        .select_related("user")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("mentor_profiles", queryset=MentorProfile.objects.select_related("year")),
            Prefetch("mentee_profiles", queryset=MenteeProfile.objects.select_related("year")),
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.select_related("group", "group__year").order_by("-joined_on"),
            ),
            "questionnaire_responses__questionnaire",
        )
        .get(pk=pk)
    )


def consents_attention(on: datetime.date | None = None) -> dict[str, QuerySet[Person]]:
    """People whose consent is missing, expiring within 30 days, or withdrawn (the consents page)."""
    qs = with_consent_state(Person.objects.all(), on).order_by("last_name", "first_name", "pk")
    return {
        ConsentState.MISSING: qs.filter(consent_state_q(ConsentState.MISSING), anonymised_at__isnull=True),
        ConsentState.EXPIRING: qs.filter(consent_state_q(ConsentState.EXPIRING), anonymised_at__isnull=True),
        ConsentState.WITHDRAWN: qs.filter(consent_state_q(ConsentState.WITHDRAWN)),
    }


# --- Groups (roadmap stage 5) ----------------------------------------------------------------------


def groups_with_members(queryset: QuerySet[MentoringGroup], *, names_only: bool = False) -> QuerySet[MentoringGroup]:
    """Groups with their current members (`current_members`) and year in three queries, for lists and exports.

    An ended group lists the members it ended with: their memberships closed on the day the group ended.
    `names_only`: just the columns the groups table shows (no programme; members' names): loading whole people
    and groups is most of that page's time.
    """
    current = GroupMembership.objects.filter(Q(left_on__isnull=True) | Q(left_on=F("group__ended_on"))).select_related(
        "person"
    )
    if names_only:
        current = current.only("group_id", "role", "person__last_name", "person__first_name", "person__patronymic")
        queryset = queryset.only("year", "form", "status", "planned_start", "planned_end")
    queryset = queryset.select_related("year").prefetch_related(
        Prefetch("memberships", queryset=current.order_by("role", "person__last_name"), to_attr="current_members")
    )
    if "programme" in MentoringGroup._meta.fields_map and not names_only:  # programmes adds it; not imported here
        queryset = queryset.select_related("programme")
    return queryset


def group_card(group: MentoringGroup) -> dict:
    """What the group card shows: every membership ever (history survives replacement) and the petitions."""
    from .models import ReplacementRequest

    return {
        "history": list(
            group.memberships.select_related("person").order_by("role", "joined_on", "pk"),
        ),
        "requests": list(
            ReplacementRequest.objects.filter(group=group).select_related(
                "applicant", "leaving", "joining", "decided_by"
            )
        ),
    }


def replacements_awaiting_order(year: AcademicYear | None = None) -> QuerySet:
    """Granted changes of approved groups not yet in an order: the orders app turns each into an order line
    (Regulation §6.2) and then calls `services.membership.replacement_mark_ordered`."""
    from .models import ReplacementRequest, ReplacementStatus

    qs = ReplacementRequest.objects.filter(status=ReplacementStatus.APPROVED, needs_order=True, ordered_on__isnull=True)
    if year is not None:
        qs = qs.filter(group__year=year)
    return qs.select_related("group", "leaving", "joining", "applicant").order_by("decided_at", "pk")


def pending_replacements(year: AcademicYear) -> QuerySet:
    """Petitions the curator has not decided yet."""
    from .models import ReplacementRequest, ReplacementStatus

    return (
        ReplacementRequest.objects.filter(group__year=year, status=ReplacementStatus.PENDING)
        .select_related("group", "applicant")
        .order_by("submitted_on", "pk")
    )


IMPORT_ROW_ORDER = {"ambiguous": 0, "no_consent": 1, "error": 2}


def import_preview_rows(result: dict, limit: int) -> tuple[list[dict], int]:
    """The rows of a checked file to show: those that need the curator first, then the rest in file order."""
    rows = sorted(result.get("rows", []), key=lambda r: (IMPORT_ROW_ORDER.get(r["status"], 9), r["row"]))
    return rows[:limit], max(0, len(rows) - limit)
