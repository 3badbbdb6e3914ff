"""Membership changes of open groups, petitions for replacement (Regulation §4.1, §5.1) and support of those
still waiting; the group's own lifecycle is in `groups`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import MemberRole, MenteeStatus, MentorStatus
from ..models import (
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Person,
    ReplacementKind,
    ReplacementRequest,
    ReplacementStatus,
)
from .consents import ensure_valid_consent
from .groups import ORDERED_STATUSES, ensure_capacity, lock_open_group, mentor_profiles_locked


def _current(group: MentoringGroup, role: str | None = None):
    qs = group.memberships.filter(left_on__isnull=True)
    return qs.filter(role=role) if role else qs


def _join(group: MentoringGroup, person: Person, role: str, on: datetime.date) -> GroupMembership:
    """Add one person to an open group, with the same gates as forming it: consent, bank, capacity."""
    ensure_valid_consent(person, on)
    if _current(group).filter(person=person).exists():
        raise ValidationError(_("%(name)s is already in this group.") % {"name": person})
    if role == MemberRole.MENTOR:
        if _current(group, MemberRole.MENTOR).count() >= 2:
            raise ValidationError(_("A pair or group has one mentor, or two at most."))
        mentor_profiles_locked(group.year, [person])
        ensure_capacity(group.year, person, _current(group, MemberRole.MENTEE).count())
    else:
        profile = MenteeProfile.objects.select_for_update().filter(year=group.year, person=person).first()
        if profile is None:
            raise ValidationError(
                _("%(name)s is not in the mentee bank for %(year)s.") % {"name": person, "year": group.year}
            )
        if profile.status not in (MenteeStatus.AWAITING, MenteeStatus.SUPPORTED):
            raise ValidationError(
                _("%(name)s is not waiting for a mentor (status: %(status)s).")
                % {"name": person, "status": profile.get_status_display()}
            )
        mentor_ids = _current(group, MemberRole.MENTOR).values_list("person_id", flat=True)
        for mentor in Person.objects.filter(pk__in=list(mentor_ids)):
            ensure_capacity(group.year, mentor, 1)
        profile.status = MenteeStatus.PAIRED
        profile.save(update_fields=["status"])
    membership = GroupMembership(group=group, person=person, role=role, joined_on=on)
    membership.full_clean()
    membership.save()
    return membership


def _leave(group: MentoringGroup, person: Person, on: datetime.date, reason: str) -> GroupMembership:
    """End a current membership (the row stays: history of who mentored whom). A mentee goes back to waiting."""
    membership = _current(group).filter(person=person).first()
    if membership is None:
        raise ValidationError(_("%(name)s is not a current member of this group.") % {"name": person})
    if membership.joined_on > on:
        raise ValidationError({"on": _("A member cannot leave before joining.")})
    membership.left_on = on
    membership.leave_reason = reason[:300]
    membership.full_clean()
    membership.save(update_fields=["left_on", "leave_reason"])
    if membership.role == MemberRole.MENTEE:
        MenteeProfile.objects.filter(year=group.year, person=person, status=MenteeStatus.PAIRED).update(
            status=MenteeStatus.AWAITING
        )
    return membership


def _ensure_not_emptied(group: MentoringGroup) -> None:
    for role, message in (
        (MemberRole.MENTOR, _("The group would be left without a mentor: choose a new one or end the group.")),
        (MemberRole.MENTEE, _("The group would be left without mentees: end the group instead (Regulation §7.1).")),
    ):
        if not _current(group, role).exists():
            raise ValidationError(message)


def _record_change(
    *, group: MentoringGroup, role: str, leaving: Person | None, joining: Person | None, reason: str, by, on
) -> ReplacementRequest:
    change = ReplacementRequest(
        group=group,
        kind=ReplacementKind.CURATOR,
        reason=reason,
        submitted_on=on,
        status=ReplacementStatus.APPROVED,
        role=role,
        leaving=leaving,
        joining=joining,
        decided_by=by,
        decided_at=timezone.now(),
        needs_order=group.status in ORDERED_STATUSES,
    )
    change.full_clean()
    change.save()
    return change


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason in a few words.")})
    return reason


@transaction.atomic
def group_member_add(
    *, group: MentoringGroup, person: Person, role: str, reason: str = "", by=None, on: datetime.date | None = None
) -> GroupMembership:
    """Add a mentee (or a second mentor) to an open group; in an approved group the change awaits an order."""
    on = on or timezone.localdate()
    group = lock_open_group(group)
    membership = _join(group, person, role, on)
    if group.status in ORDERED_STATUSES:
        _record_change(
            group=group, role=role, leaving=None, joining=person, reason=_reason_required(reason), by=by, on=on
        )
    return membership


@transaction.atomic
def group_member_remove(
    *, group: MentoringGroup, person: Person, reason: str, by=None, on: datetime.date | None = None
) -> GroupMembership:
    """Take one member out of an open group; the last mentor or mentee cannot leave (end the group instead)."""
    on = on or timezone.localdate()
    reason = _reason_required(reason)
    group = lock_open_group(group)
    membership = _leave(group, person, on, reason)
    _ensure_not_emptied(group)
    if group.status in ORDERED_STATUSES:
        _record_change(group=group, role=membership.role, leaving=person, joining=None, reason=reason, by=by, on=on)
    return membership


@transaction.atomic
def group_member_replace(
    *,
    group: MentoringGroup,
    leaving: Person,
    joining: Person,
    reason: str,
    by=None,
    on: datetime.date | None = None,
) -> ReplacementRequest:
    """The curator's replacement of one member by another of the same role; the old row keeps the history."""
    on = on or timezone.localdate()
    reason = _reason_required(reason)
    group = lock_open_group(group)
    membership = _leave(group, leaving, on, reason)
    _join(group, joining, membership.role, on)
    return _record_change(
        group=group, role=membership.role, leaving=leaving, joining=joining, reason=reason, by=by, on=on
    )


@transaction.atomic
def replacement_request_submit(
    *, group: MentoringGroup, applicant: Person, kind: str, reason: str, on: datetime.date | None = None
) -> ReplacementRequest:
    """Record a petition: a mentee asks for another mentor (§5.1), a mentor asks to be relieved (§4.1)."""
    on = on or timezone.localdate()
    reason = _reason_required(reason)
    group = lock_open_group(group)
    role = {ReplacementKind.MENTEE_PETITION: MemberRole.MENTEE, ReplacementKind.MENTOR_RELIEF: MemberRole.MENTOR}.get(
        kind
    )
    if role is None:
        raise ValidationError(_("Choose the kind of request."))
    if not _current(group, role).filter(person=applicant).exists():
        raise ValidationError(
            _("%(name)s is not a current %(role)s of this group.") % {"name": applicant, "role": MemberRole(role).label}
        )
    if group.replacement_requests.filter(applicant=applicant, status=ReplacementStatus.PENDING).exists():
        raise ValidationError(_("%(name)s already has a request awaiting a decision.") % {"name": applicant})
    request = ReplacementRequest(group=group, kind=kind, applicant=applicant, reason=reason, submitted_on=on, role=role)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def replacement_decide(
    *,
    request: ReplacementRequest,
    approve: bool,
    decided_by,
    new_mentor: Person | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> ReplacementRequest:
    """The curator's decision on a petition (Regulation §4.1, §5.1).

    Granted: a relieved mentor leaves (replaced by `new_mentor` unless a second mentor stays); a mentee who
    asked for another mentor gets `new_mentor` in place of the group's mentor, or, without one, leaves the
    group and waits for a new pair on the board. Memberships are ended, never deleted.
    """
    on = on or timezone.localdate()
    request = ReplacementRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ReplacementStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    group = lock_open_group(request.group)
    if not approve:
        if not note.strip():
            raise ValidationError({"note": _("Say why the request is refused.")})
        request.status = ReplacementStatus.REJECTED
    else:
        reason = f"{request.get_kind_display()}: {request.reason}"
        if request.kind == ReplacementKind.MENTOR_RELIEF:
            leaving, role = request.applicant, MemberRole.MENTOR
            _leave(group, leaving, on, reason)
            joining = new_mentor
        else:
            mentors = list(_current(group, MemberRole.MENTOR).select_related("person"))
            if new_mentor is not None:
                if len(mentors) != 1:
                    raise ValidationError(_("The group has two mentors: replace one of them from the group card."))
                leaving, role, joining = mentors[0].person, MemberRole.MENTOR, new_mentor
                _leave(group, leaving, on, reason)
            else:
                leaving, role, joining = request.applicant, MemberRole.MENTEE, None
                _leave(group, leaving, on, reason)
        if joining is not None:
            _join(group, joining, MemberRole.MENTOR, on)
        _ensure_not_emptied(group)
        request.status = ReplacementStatus.APPROVED
        request.role, request.leaving, request.joining = role, leaving, joining
        request.needs_order = group.status in ORDERED_STATUSES
    request.decision_note = note.strip()
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def replacement_mark_ordered(*, request: ReplacementRequest, on: datetime.date) -> ReplacementRequest:
    """Called by the orders app when a director's order that includes this change is approved (§6.2)."""
    request = ReplacementRequest.objects.select_for_update().get(pk=request.pk)
    if not request.awaits_order:
        raise ValidationError(_("This change does not await an order."))
    request.ordered_on = on
    request.save(update_fields=["ordered_on"])
    if request.joining_id and request.role == MemberRole.MENTOR:
        MentorProfile.objects.filter(year=request.group.year, person_id=request.joining_id).exclude(
            status=MentorStatus.APPROVED
        ).update(status=MentorStatus.APPROVED, approved_on=on)
    return request


@transaction.atomic
def mentee_support_record(
    *, profile: MenteeProfile, note: str, by=None, on: datetime.date | None = None
) -> MenteeProfile:
    """Note the psychological-pedagogical support given to a mentee still without a pair (roadmap stage 5)."""
    on = on or timezone.localdate()
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Describe the support given.")})
    profile = MenteeProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status not in (MenteeStatus.AWAITING, MenteeStatus.SUPPORTED):
        raise ValidationError(_("Support notes are kept only for mentees still waiting for a mentor."))
    line = f"{on:%d.%m.%Y} — {note}"
    profile.support_notes = f"{profile.support_notes.rstrip()}\n{line}".strip()
    profile.status = MenteeStatus.SUPPORTED
    profile.full_clean()
    profile.save(update_fields=["support_notes", "status"])
    return profile
