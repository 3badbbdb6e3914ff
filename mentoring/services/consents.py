import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Signatory
from ..models import Consent, Person
from ..selectors import person_has_valid_consent


def ensure_valid_consent(person: Person, on: datetime.date | None = None) -> None:
    """The consent gate (152-ФЗ art. 9): nobody enters a bank, pair or programme without valid consent."""
    if person.is_anonymised:
        raise ValidationError(
            _("%(name)s has withdrawn consent; their data may no longer be processed.") % {"name": person}
        )
    if not person_has_valid_consent(person, on):
        raise ValidationError(
            _("%(name)s has no valid personal-data consent. Record a signed consent first.") % {"name": person}
        )


@transaction.atomic
def consent_record(*, person: Person, recorded_by=None, **fields) -> Consent:
    """Record a signed consent. For a minor only a parent or legal representative may sign."""
    consent = Consent(person=person, recorded_by=recorded_by, **fields)
    if person.is_anonymised:
        raise ValidationError(_("This person's data was anonymised after a withdrawal; record them anew."))
    if person.is_minor and consent.signed_by != Signatory.REPRESENTATIVE:
        raise ValidationError(
            {
                "signed_by": _("%(name)s is a minor: the consent must be signed by a parent or legal representative.")
                % {"name": person}
            }
        )
    if consent.withdrawn_on is None and consent.valid_from > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"valid_from": _("The start date is too far in the future.")})
    consent.full_clean()
    consent.save()
    return consent
