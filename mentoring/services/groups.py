import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CompletionReason, GroupStatus, MemberRole, MenteeStatus, MentorStatus
from ..models import (
    AcademicYear,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Person,
)
from ..selectors import mentor_load
from .consents import ensure_valid_consent


def mentor_profiles_locked(year: AcademicYear, mentors: list[Person]) -> dict[int, MentorProfile]:
    profiles = {
        p.person_id: p
        for p in MentorProfile.objects.select_for_update()
        .filter(year=year, person__in=mentors)
        .select_related("person")
    }
    for person in mentors:
        profile = profiles.get(person.pk)
        if profile is None or profile.status == MentorStatus.LEFT:
            raise ValidationError(
                _("%(name)s is not in the mentor bank for %(year)s.") % {"name": person, "year": year}
            )
    return profiles


def ensure_capacity(year: AcademicYear, mentor: Person, extra: int) -> None:
    """A mentor leads at most `capacity` mentees across their open groups of the year."""
    profile = mentor_load(year).get(person=mentor)
    if profile.load + extra > profile.capacity:
        raise ValidationError(
            _("%(name)s can take %(free)s more mentee(s) of %(capacity)s; %(extra)s requested.")
            % {
                "name": mentor,
                "free": max(0, profile.capacity - profile.load),
                "capacity": profile.capacity,
                "extra": extra,
            }
        )


@transaction.atomic
def group_propose(
    *,
    year: AcademicYear,
    mentors: list[Person],
    mentees: list[Person],
    form: str,
    types: list[str],
    planned_start: datetime.date,
    planned_end: datetime.date,
    created_by=None,
    on: datetime.date | None = None,
) -> MentoringGroup:
    """Form a pair or group; it stays a proposal until the director's pairing order (Regulation §6.2)."""
    if not 1 <= len(mentors) <= 2:
        raise ValidationError(_("A pair or group has one mentor, or two at most."))
    if not mentees:
        raise ValidationError(_("Choose at least one mentee."))
    if set(mentors) & set(mentees):
        raise ValidationError(_("The same person cannot be a mentor and a mentee of one group."))
    for person in [*mentors, *mentees]:
        ensure_valid_consent(person)
    mentor_profiles_locked(year, mentors)
    mentee_profiles = {
        p.person_id: p for p in MenteeProfile.objects.select_for_update().filter(year=year, person__in=mentees)
    }
    for person in mentees:
        profile = mentee_profiles.get(person.pk)
        if profile is None:
            raise ValidationError(
                _("%(name)s is not in the mentee bank for %(year)s.") % {"name": person, "year": year}
            )
        if profile.status not in (MenteeStatus.AWAITING, MenteeStatus.SUPPORTED):
            raise ValidationError(
                _("%(name)s is not waiting for a mentor (status: %(status)s).")
                % {"name": person, "status": profile.get_status_display()}
            )
    # With two mentors, each must have room for every mentee of the group.
    for mentor in mentors:
        ensure_capacity(year, mentor, len(mentees))

    group = MentoringGroup(
        year=year,
        form=form,
        types=types,
        planned_start=planned_start,
        planned_end=planned_end,
        created_by=created_by,
        status=GroupStatus.PROPOSED,
    )
    group.full_clean()
    group.save()
    today = on or timezone.localdate()
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=group, person=p, role=MemberRole.MENTOR, joined_on=today) for p in mentors]
        + [GroupMembership(group=group, person=p, role=MemberRole.MENTEE, joined_on=today) for p in mentees]
    )
    MenteeProfile.objects.filter(pk__in=[p.pk for p in mentee_profiles.values()]).update(status=MenteeStatus.PAIRED)
    return group


@transaction.atomic
def group_approve(*, group: MentoringGroup, on: datetime.date) -> MentoringGroup:
    """Called by the pairing order's approval: the group and its mentors become official (Regulation §6.2)."""
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if group.status != GroupStatus.PROPOSED:
        raise ValidationError(
            _("Group no. %(pk)s is not a proposal (status: %(status)s).")
            % {"pk": group.pk, "status": group.get_status_display()}
        )
    group.status = GroupStatus.APPROVED
    group.approved_on = on
    group.save(update_fields=["status", "approved_on"])
    mentor_ids = group.memberships.filter(role=MemberRole.MENTOR, left_on__isnull=True).values("person_id")
    MentorProfile.objects.filter(year=group.year, person_id__in=mentor_ids).exclude(
        status=MentorStatus.APPROVED
    ).update(status=MentorStatus.APPROVED, approved_on=on)
    return group


@transaction.atomic
def group_complete(
    *, group: MentoringGroup, reason: str, on: datetime.date | None = None, note: str = ""
) -> MentoringGroup:
    """End a group (Regulation §7.1): completed when the plan is done, otherwise terminated; frees capacity."""
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    on = on or timezone.localdate()
    if not group.is_open:
        raise ValidationError(_("This group has already ended."))
    if group.memberships.filter(joined_on__gt=on).exists():
        raise ValidationError({"on": _("A group cannot end before its members joined it.")})
    if reason not in CompletionReason.values:
        raise ValidationError(_("Choose a reason for ending the group."))
    if reason == CompletionReason.PLAN_COMPLETED and group.status == GroupStatus.PROPOSED:
        raise ValidationError(
            {"reason": _("A proposed group has no plan to complete yet; end it at the curator's initiative.")}
        )
    if reason != CompletionReason.PLAN_COMPLETED and not note.strip() and reason != CompletionReason.CONSENT_WITHDRAWN:
        raise ValidationError({"note": _("Give the reason in a few words (Regulation §7.1).")})
    group.status = GroupStatus.COMPLETED if reason == CompletionReason.PLAN_COMPLETED else GroupStatus.TERMINATED
    group.ended_on = on
    group.completion_reason = reason
    group.completion_note = note
    group.full_clean()
    group.save()
    mentee_ids = list(
        group.memberships.filter(role=MemberRole.MENTEE, left_on__isnull=True).values_list("person_id", flat=True)
    )
    group.memberships.filter(left_on__isnull=True).update(
        left_on=on, leave_reason=group.get_completion_reason_display()
    )
    new_status = MenteeStatus.COMPLETED if reason == CompletionReason.PLAN_COMPLETED else MenteeStatus.AWAITING
    MenteeProfile.objects.filter(year=group.year, person_id__in=mentee_ids, status=MenteeStatus.PAIRED).update(
        status=new_status
    )
    return group


@transaction.atomic
def group_start(*, group: MentoringGroup, on: datetime.date | None = None) -> MentoringGroup:
    """An approved group starts work (roadmap stage 6)."""
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if group.status != GroupStatus.APPROVED:
        raise ValidationError(_("Only a group approved by order can start work."))
    group.status = GroupStatus.ACTIVE
    group.save(update_fields=["status"])
    return group


# --- Membership changes, petitions for replacement, support of those still waiting -----------------

# Changes to these groups are official only through a new line of a director's order (Regulation §6.2).
ORDERED_STATUSES = (GroupStatus.APPROVED, GroupStatus.ACTIVE)


# Apps to the right may hold a group still — the orders app while a pairing order listing it is with the
# director. They register a check here (in AppConfig.ready), so mentoring never imports them.
_CHANGE_GUARDS: list = []


def register_group_change_guard(check) -> None:
    """`check(group)` returns a reason (str) why the group cannot change now, or None."""
    if check not in _CHANGE_GUARDS:
        _CHANGE_GUARDS.append(check)


def _ensure_changeable(group: MentoringGroup) -> None:
    for check in _CHANGE_GUARDS:
        reason = check(group)
        if reason:
            raise ValidationError(reason)


def lock_open_group(group: MentoringGroup) -> MentoringGroup:
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if not group.is_open:
        raise ValidationError(_("This group has already ended."))
    _ensure_changeable(group)
    return group


@transaction.atomic
def group_update_terms(
    *, group: MentoringGroup, form: str, types: list[str], planned_start: datetime.date, planned_end: datetime.date
) -> MentoringGroup:
    """Change a proposal's form, types and period. After the order (Regulation §6.2) they are what was signed."""
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if group.status != GroupStatus.PROPOSED:
        raise ValidationError(_("Only a proposed pair or group can be changed; this one is already approved by order."))
    _ensure_changeable(group)
    group.form, group.types = form, list(types)
    group.planned_start, group.planned_end = planned_start, planned_end
    group.full_clean()
    group.save(update_fields=["form", "types", "planned_start", "planned_end"])
    return group
