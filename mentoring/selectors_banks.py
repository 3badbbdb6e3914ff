"""The bank pages: the entries are counted and sliced without annotations, then only the page's fifty rows get
their consent state, load and counterparts, in a fixed number of queries whatever the bank's size.

`mentee_bank` / `mentor_bank` below are the whole-bank reads the exports use; `mentees_without_mentor` the list of
those still waiting.
"""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from .choices import ConsentKind, MemberRole, MenteeStatus, MentoringForm, MentorStatus
from .models import AcademicYear, Consent, GroupMembership, MenteeProfile, MentorProfile
from .selectors import consent_state_of, mentor_load, mentor_loads, with_consent_state


def bank_status_counts(kind: str, year) -> dict:
    """The bank's count per status (one aggregate query): {"items": [(value, label, n)], "total": n}."""
    profiles = year.mentee_profiles if kind == "mentees" else year.mentor_profiles
    counts = dict(profiles.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    choices = MenteeStatus.choices if kind == "mentees" else MentorStatus.choices
    return {"items": [(value, label, counts.get(value, 0)) for value, label in choices], "total": sum(counts.values())}


def bank_entries(kind: str, year, *, status: str = "", search: str = "") -> QuerySet:
    """The ids of the bank's entries, filtered and by name: what the page counts and slices."""
    qs = (MenteeProfile if kind == "mentees" else MentorProfile).objects.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    for word in search.split()[:4]:
        qs = qs.filter(Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word))
    return qs.order_by("person__last_name", "person__first_name", "pk").values_list("pk", flat=True)


def bank_page_rows(kind: str, year, ids: list[int]) -> list:
    """The entries `ids`, in that order, with `consent_state`, `counterparts` (names of the other side in the
    year's groups) and, for mentees, `group_form`/`group_ended_on` of the latest group, for mentors `load`."""
    model = MenteeProfile if kind == "mentees" else MentorProfile
    qs = with_consent_state(model.objects.filter(pk__in=ids), person_ref="person_id").select_related("person")
    if kind == "mentees":
        latest = Consent.objects.filter(person_id=OuterRef("person_id"), kind=ConsentKind.PROCESSING)
        qs = qs.select_related("carried_from__year").annotate(
            representative_name=Subquery(latest.order_by("-valid_from", "-pk").values("representative_name")[:1])
        )
    by_pk = {entry.pk: entry for entry in qs}
    entries = [by_pk[pk] for pk in ids if pk in by_pk]
    person_ids = [e.person_id for e in entries]
    role, other = (
        (MemberRole.MENTEE, MemberRole.MENTOR) if kind == "mentees" else (MemberRole.MENTOR, MemberRole.MENTEE)
    )
    names: dict[int, list[tuple[str, bool]]] = {}  # group id: (name on the other side, still in the group)
    groups: dict[int, list] = {}  # person id: [(group id, form, ended on)], by joining
    rows = (
        GroupMembership.objects.filter(group__year=year, role=role, person_id__in=person_ids)
        .order_by("joined_on", "pk", "group__memberships__joined_on", "group__memberships__pk")
        .values_list("person_id", "group_id", "group__form", "group__ended_on", "group__memberships__role",
                     "group__memberships__left_on", "group__memberships__person__last_name",
                     "group__memberships__person__first_name", "group__memberships__person__patronymic")
    )  # fmt: skip
    for person_id, group_id, form, ended_on, their_role, left_on, *parts in rows:
        mine = groups.setdefault(person_id, [])
        if not mine or mine[-1][0] != group_id:
            mine.append((group_id, form, ended_on))
            fresh = group_id not in names
            names.setdefault(group_id, [])
        if their_role == other and fresh:
            names[group_id].append((" ".join(p for p in parts if p), left_on is None))
    loads = mentor_loads(year, person_ids=person_ids) if kind == "mentors" else {}
    for entry in entries:
        entry.consent_state = consent_state_of(entry)
        mine = groups.get(entry.person_id, [])
        if kind == "mentees":  # the latest group: its mentors, even one who left, as the federal form lists them
            group_id, form, ended_on = mine[-1] if mine else (None, "", None)
            entry.counterparts = [name for name, _current in names.get(group_id, [])]
            entry.group_form = MentoringForm(form).label if form in MentoringForm.values else ""
            entry.group_ended_on = ended_on
        else:  # every group of the year: the mentees still in it
            entry.counterparts = [name for g in mine for name, current in names.get(g[0], []) if current]
            entry.load = loads.get(entry.person_id, 0)
    return entries


def _current_memberships(year: AcademicYear, role: str) -> Prefetch:
    """The person's memberships in the year's groups, each with the group's members of the other side."""
    other = MemberRole.MENTOR if role == MemberRole.MENTEE else MemberRole.MENTEE
    return Prefetch(
        "person__memberships",
        queryset=GroupMembership.objects.filter(role=role, group__year=year)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "group__memberships",
                queryset=GroupMembership.objects.filter(role=other).select_related("person"),
                to_attr="counterparts",
            )
        )
        .order_by("joined_on", "pk"),
        to_attr="year_memberships",
    )


def mentee_bank(year: AcademicYear, *, status: str = "", search: str = "") -> QuerySet[MenteeProfile]:
    """The mentee bank with what its columns need (DOMAIN.md «База наставляемых»), in constant queries."""
    qs = with_consent_state(MenteeProfile.objects.filter(year=year), person_ref="person_id").select_related(
        "person", "carried_from__year"
    )
    if status:
        qs = qs.filter(status=status)
    for word in search.split()[:4]:
        qs = qs.filter(Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word))
    latest_consent = Consent.objects.filter(person_id=OuterRef("person_id"), kind=ConsentKind.PROCESSING).order_by(
        "-valid_from", "-pk"
    )
    return (
        qs.annotate(
            representative_name=Subquery(latest_consent.values("representative_name")[:1]),
        )
        .prefetch_related(_current_memberships(year, MemberRole.MENTEE))
        .order_by("person__last_name", "person__first_name", "pk")
    )


def mentor_bank(year: AcademicYear, *, status: str = "", search: str = "") -> QuerySet[MentorProfile]:
    """The mentor bank with load and mentees (DOMAIN.md «База наставников»), in constant queries."""
    qs = with_consent_state(mentor_load(year), person_ref="person_id").select_related("person")
    if status:
        qs = qs.filter(status=status)
    for word in search.split()[:4]:
        qs = qs.filter(Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word))
    return qs.prefetch_related(_current_memberships(year, MemberRole.MENTOR)).order_by(
        "person__last_name", "person__first_name", "pk"
    )


def mentees_without_mentor(year: AcademicYear) -> QuerySet[MenteeProfile]:
    """Who is still waiting (roadmap stage 5: supported while the search goes on)."""
    return (
        year.mentee_profiles.filter(status__in=[MenteeStatus.AWAITING, MenteeStatus.SUPPORTED])
        .select_related("person")
        .order_by("entered_on", "person__last_name")
    )
