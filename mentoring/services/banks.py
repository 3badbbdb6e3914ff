from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AcademicYear, MenteeProfile, MentorProfile, Person
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
    return profile
