"""Reads that carry a rule. `valid_consent_q` is THE definition of valid consent, used everywhere."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .choices import GroupStatus, MemberRole, MenteeStatus
from .models import AcademicYear, Consent, MentoringGroup, MentorProfile, Organisation, Person


def valid_consent_q(on: datetime.date | None = None, *, prefix: str = "") -> Q:
    """Consent in force on a day: started, not expired, not withdrawn (withdrawal takes effect that day)."""
    day = on or timezone.localdate()
    return (
        Q(**{f"{prefix}valid_from__lte": day})
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
    return Organisation.objects.first()


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
                person__memberships__group__year=year,
                person__memberships__group__status__in=open_statuses,
                person__memberships__group__memberships__role=MemberRole.MENTEE,
                person__memberships__group__memberships__left_on__isnull=True,
            ),
            distinct=True,
        )
    )


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
    people = Person.objects.active().aggregate(
        total=Count("pk"),
        without_consent=Count(
            "pk", filter=~Q(pk__in=Consent.objects.filter(valid_consent_q(today)).values("person_id"))
        ),
    )
    result = {"people": people["total"], "without_consent": people["without_consent"], "awaiting": 0, "groups": {}}
    if year is not None:
        result["awaiting"] = year.mentee_profiles.filter(status=MenteeStatus.AWAITING).count()
        by_status = dict(year.groups.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        result["groups"] = [(label, by_status.get(value, 0), value) for value, label in GroupStatus.choices]
    return result
