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
    ReplacementKind,
    ReplacementRequest,
    ReplacementStatus,
)
from ..selectors import mentor_load
from .consents import ensure_valid_consent


def _mentor_profiles_locked(year: AcademicYear, mentors: list[Person]) -> dict[int, MentorProfile]:
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
    _mentor_profiles_locked(year, mentors)
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


def _lock_open_group(group: MentoringGroup) -> MentoringGroup:
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if not group.is_open:
        raise ValidationError(_("This group has already ended."))
    _ensure_changeable(group)
    return group


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
        _mentor_profiles_locked(group.year, [person])
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
    group = _lock_open_group(group)
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
    group = _lock_open_group(group)
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
    group = _lock_open_group(group)
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
    group = _lock_open_group(group)
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
    group = _lock_open_group(request.group)
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
