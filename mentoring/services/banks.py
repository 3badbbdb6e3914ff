from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import MenteeStatus, MentorStatus, Role
from ..models import AcademicYear, MenteeProfile, MentorProfile, Person
from .accounts import account_role_follow
from .consents import ensure_valid_consent


@transaction.atomic
def mentor_profile_create(*, person: Person, year: AcademicYear, **fields) -> MentorProfile:
    """Put a person into the mentor bank of a year (consent gate first)."""
    ensure_valid_consent(person)
    if MentorProfile.objects.filter(person=person, year=year).exists():
        raise ValidationError(
            _("%(name)s is already in the mentor bank for %(year)s.") % {"name": person, "year": year}
        )
    profile = MentorProfile(person=person, year=year, **fields)
    profile.full_clean()
    try:
        profile.save()
    except IntegrityError as exc:  # a concurrent insert of the same person
        raise ValidationError(_("%(name)s is already in the mentor bank.") % {"name": person}) from exc
    if year.is_current:
        account_role_follow(person=person, role=Role.MENTOR)
    return profile


@transaction.atomic
def mentee_profile_create(*, person: Person, year: AcademicYear, **fields) -> MenteeProfile:
    """Put a person into the mentee bank of a year (consent gate first)."""
    ensure_valid_consent(person)
    if MenteeProfile.objects.filter(person=person, year=year).exists():
        raise ValidationError(
            _("%(name)s is already in the mentee bank for %(year)s.") % {"name": person, "year": year}
        )
    fields.setdefault("entered_on", timezone.localdate())
    profile = MenteeProfile(person=person, year=year, **fields)
    profile.full_clean()
    try:
        profile.save()
    except IntegrityError as exc:
        raise ValidationError(_("%(name)s is already in the mentee bank.") % {"name": person}) from exc
    if year.is_current:
        account_role_follow(person=person, role=Role.MENTEE)
    return profile


MENTOR_EDITABLE = {
    "directions",
    "competencies",
    "interests",
    "qualification_category",
    "capacity",
    "preferred_forms",
    "preferred_types",
    "preferred_mode",
    "desired_mentee_age",
    "available_period",
    "is_ready",
    "training_completed",
}
MENTEE_EDITABLE = {
    "requests",
    "request_text",
    "preferred_form",
    "preferred_types",
    "preferred_mode",
    "status",
    "entered_on",
    "support_notes",
}


def _update(profile, allowed: set, fields: dict):
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if profile.status in (MentorStatus.LEFT, MenteeStatus.LEFT):
        raise ValidationError(_("%(name)s has left the bank; add them again instead.") % {"name": profile.person})
    ensure_valid_consent(profile.person)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def mentor_profile_update(*, profile: MentorProfile, **fields) -> MentorProfile:
    """Edit a mentor bank entry; the status changes only through orders and withdrawal."""
    return _update(profile, MENTOR_EDITABLE, fields)


@transaction.atomic
def mentee_profile_update(*, profile: MenteeProfile, **fields) -> MenteeProfile:
    """Edit a mentee bank entry. «In a pair» is set by pairing, never by hand."""
    new = fields.get("status", profile.status)
    if new != profile.status and (MenteeStatus.PAIRED in (new, profile.status) or new == MenteeStatus.LEFT):
        raise ValidationError({"status": _("This status is set by forming or ending a pair or group, not by hand.")})
    return _update(profile, MENTEE_EDITABLE, fields)
