import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ConsentKind, Signatory
from ..constraints import constraint_errors
from ..models import Consent, Person
from ..selectors import person_has_valid_consent

SCAN_MAX_BYTES = 10 * 1024 * 1024
# The type of a scan is read from its first bytes, never from its name or the browser's claim.
SCAN_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}


def scan_kind(uploaded) -> str:
    """Check an uploaded consent scan: PDF, JPEG or PNG by content, at most 10 MB. Returns the extension."""
    if uploaded.size > SCAN_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; a scan may be at most %(limit)s MB. Scan at a lower resolution.")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": SCAN_MAX_BYTES // 1024 // 1024}
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, ext in SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return ext
    raise ValidationError(_("The scan must be a PDF, JPEG or PNG file; this file is of another type."))


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
    scan = fields.get("scan")
    if scan:
        ext = scan_kind(scan)
        scan.name = f"scan.{ext}"  # the stored name comes from the content type (see consent_scan_path)
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
    if consent.signed_by == Signatory.SELF:
        consent.representative_name = consent.representative_relation = consent.representative_basis = ""
    if consent.kind == ConsentKind.PROCESSING:
        consent.publication_place = ""
    elif not consent.publication_place.strip():
        from ..consent_text import publication_place
        from ..selectors import organisation

        org = organisation()
        consent.publication_place = publication_place(org.website if org else "")
    consent.full_clean()
    with constraint_errors():
        consent.save()
    return consent


@transaction.atomic
def publication_consent_withdraw(*, consent: Consent, on: datetime.date, reason: str, recorded_by=None) -> Person:
    """The person demands that publication stop (152-ФЗ art. 10.1 part 12): only this consent ends.

    The processing consent and the person's place in banks and pairs stay; the public section stops naming
    them from `on` (it reads the publication consent only).
    """
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if consent.kind != ConsentKind.PUBLICATION:
        raise ValidationError(_("This is not a consent to publication."))
    if consent.withdrawn_on is not None:
        raise ValidationError(
            _("Publication was already stopped on %(date)s.") % {"date": f"{consent.withdrawn_on:%d.%m.%Y}"}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say how the withdrawal was received, e.g. «заявление от 12.03.2027».")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A withdrawal cannot be dated in the future.")})
    consent.withdrawn_on = max(on, consent.valid_from)
    consent.save(update_fields=["withdrawn_on"])
    return consent.person


def scan_delete_if_unused(name: str, *, storage) -> None:
    """Delete a scan file unless another consent still points to it (a migrated pair shares its scan)."""
    if name and not Consent.objects.filter(scan=name).exists():
        storage.delete(name)


@transaction.atomic
def consent_attach_scan(*, consent: Consent, scan) -> Consent:
    """Attach (or replace) the signed scan of a recorded consent; the old file leaves storage."""
    if consent.person.is_anonymised:
        raise ValidationError(_("This person's data was anonymised after a withdrawal; record them anew."))
    ext = scan_kind(scan)
    scan.name = f"scan.{ext}"
    old = consent.scan.name if consent.scan else ""
    consent.scan = scan
    consent.save(update_fields=["scan"])
    if old and old != consent.scan.name:
        scan_delete_if_unused(old, storage=consent.scan.storage)
    return consent
