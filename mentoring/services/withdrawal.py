"""Withdrawal of a personal-data consent (152-ФЗ art. 9 part 2): processing stops, the data is anonymised.

The person leaves the current banks and open groups (history of who mentored whom survives with a neutral
label), their contacts, dates and documents are erased, the signed scans leave storage, and the signal
`person_anonymised` lets the other apps erase what they keep. Approved orders keep their frozen text: the
order engine stores it separately and never re-renders it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..choices import OPEN_GROUP_STATUSES, CompletionReason, ConsentKind, MenteeStatus, MentorStatus
from ..models import (
    Answer,
    Consent,
    GroupMembership,
    MenteeProfile,
    MentorProfile,
    Person,
    Question,
    ReplacementRequest,
    Response,
    User,
)
from ..signals import person_anonymised
from .consents import publication_consent_withdraw
from .groups import group_complete

# Every field of a mentoring model that holds personal data, and what it becomes. The withdrawal test
# fails when a model gains a text, date, file or contact field that is neither here nor in NOT_PERSONAL.
ERASED = "erased"  # set to "" (or None for nullable fields)
PERSONAL_DATA = {
    Person: {
        "last_name": "label",
        "first_name": ERASED,
        "patronymic": ERASED,
        "name_cases": ERASED,
        "position": ERASED,
        "subject": ERASED,
        "birth_date": ERASED,
        "career_start_year": ERASED,
        "workplace": ERASED,
        "email": ERASED,
        "phone": ERASED,
        "representative_contacts": ERASED,
        "user": ERASED,
    },
    Consent: {
        "representative_name": "placeholder",
        "representative_relation": ERASED,
        "representative_basis": "placeholder",
        "subject_address": ERASED,
        "identity_document": ERASED,
        "scan": "deleted from storage",
    },
    MentorProfile: {"competencies": ERASED, "interests": ERASED, "desired_mentee_age": ERASED},
    MenteeProfile: {"request_text": ERASED, "support_notes": ERASED},
    Answer: {"value": "free-text answers erased; choices kept for statistics"},
    ReplacementRequest: {"reason": "placeholder", "decision_note": ERASED},
    User: {
        "username": "placeholder",
        "first_name": ERASED,
        "last_name": ERASED,
        "email": ERASED,
        "password": "unusable",
    },
}
# Fields of those models that are not personal data, with the reason they stay.
NOT_PERSONAL = {
    # grade: statistics by class; gender, surname_indeclinable: grammar flags that name nobody without the name.
    Person: {"category", "grade", "gender", "surname_indeclinable", "anonymised_at", "created_at", "updated_at"},
    Consent: {
        "kind",
        "signed_by",
        "purpose",
        "data_list",
        "actions",
        "publication_place",  # the school site's address, not the person's
        "valid_from",
        "valid_until",
        "withdrawn_on",
        "recorded_at",
    },
    MentorProfile: {
        "capacity",
        "is_ready",
        "training_completed",
        "directions",
        "qualification_category",
        "preferred_forms",
        "preferred_types",
        "preferred_mode",
        "available_period",
        "status",
        "approved_on",
        "entered_on",
        "left_on",
        "left_reason",
    },
    MenteeProfile: {
        "requests",
        "preferred_form",
        "preferred_types",
        "preferred_mode",
        "status",
        "entered_on",
        "left_on",
        "left_reason",
    },
    GroupMembership: {"role", "joined_on", "left_on", "leave_reason"},
    Response: {"on_paper", "submitted_at"},
    Answer: set(),
    ReplacementRequest: {
        "kind",
        "submitted_on",
        "status",
        "role",
        "decided_at",
        "needs_order",
        "ordered_on",
        "created_at",
    },
    User: {"last_login", "is_superuser", "is_staff", "is_active", "date_joined"},
}
FREE_TEXT_KINDS = (Question.Kind.TEXT, Question.Kind.LONG_TEXT)


def anonymous_label(pk: int) -> str:
    """«Участник №12»: stored in the school's language whatever the request's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Participant no. %(pk)s") % {"pk": pk}


def _representative_label(pk: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("representative of %(label)s") % {"label": anonymous_label(pk)}


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: datetime.date, reason: str, recorded_by=None) -> Person:
    """Record a written withdrawal and anonymise the person. Returns the anonymised person.

    Withdrawing the processing consent ends every consent of the person, the publication consent included;
    withdrawing only the publication consent stops publication and nothing else.
    """
    if consent.kind == ConsentKind.PUBLICATION:
        return publication_consent_withdraw(consent=consent, on=on, reason=reason, recorded_by=recorded_by)
    person = Person.objects.select_for_update().get(pk=consent.person_id)
    if person.is_anonymised:
        raise ValidationError(_("This consent was already withdrawn and the data anonymised."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say how the withdrawal was received, e.g. «заявление от 12.03.2027».")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A withdrawal cannot be dated in the future.")})
    leave_reason = _("consent withdrawn: %(reason)s") % {"reason": reason}
    leave_reason = leave_reason[:300]

    # Every consent of the person stops; the date cannot precede a consent's own start.
    for item in person.consents.select_for_update().filter(withdrawn_on__isnull=True):
        item.withdrawn_on = max(on, item.valid_from)
        item.save(update_fields=["withdrawn_on"])

    _leave_banks(person, on, leave_reason)
    _leave_groups(person, on, leave_reason, reason)
    _anonymise(person, on)
    person_anonymised.send(sender=Person, person=person, on=on)
    return person


def _leave_banks(person: Person, on: datetime.date, reason: str) -> None:
    MentorProfile.objects.filter(person=person).exclude(status=MentorStatus.LEFT).update(
        status=MentorStatus.LEFT, left_on=on, left_reason=reason
    )
    MenteeProfile.objects.filter(person=person).exclude(status__in=[MenteeStatus.LEFT, MenteeStatus.COMPLETED]).update(
        status=MenteeStatus.LEFT, left_on=on, left_reason=reason
    )


def _leave_groups(person: Person, on: datetime.date, leave_reason: str, note: str) -> None:
    memberships = (
        GroupMembership.objects.select_related("group")
        .filter(person=person, left_on__isnull=True, group__status__in=OPEN_GROUP_STATUSES)
        .order_by("pk")
    )
    for membership in memberships:
        group = membership.group
        others = group.memberships.filter(role=membership.role, left_on__isnull=True).exclude(pk=membership.pk)
        if not others.exists():
            # The group loses its only mentor or its last mentee: it ends (Regulation §7.1).
            last_join = max(m.joined_on for m in group.memberships.all())
            group_complete(
                group=group, reason=CompletionReason.CONSENT_WITHDRAWN, on=max(on, last_join), note=note[:1000]
            )
            continue
        membership.left_on = max(on, membership.joined_on)
        membership.leave_reason = leave_reason
        membership.save(update_fields=["left_on", "leave_reason"])


def _anonymise(person: Person, on: datetime.date) -> None:
    user = person.user
    person.last_name = anonymous_label(person.pk)
    for name in (
        "first_name",
        "patronymic",
        "position",
        "subject",
        "workplace",
        "email",
        "phone",
        "representative_contacts",
    ):
        setattr(person, name, "")
    person.name_cases = {}
    person.birth_date = None
    person.career_start_year = None
    person.user = None
    person.anonymised_at = timezone.now()
    person.save()
    if user is not None:
        # The account may carry the name in its username; it can never log in again.
        user.username = f"anonymised-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()

    for consent in person.consents.all():
        if consent.scan:
            consent.scan.delete(save=False)  # removes the file from storage
        consent.scan = ""
        consent.subject_address = consent.identity_document = consent.representative_relation = ""
        if consent.representative_name:
            # The database requires a named representative on such a consent; a neutral label keeps it legal.
            consent.representative_name = _representative_label(person.pk)
            consent.representative_basis = "—"
        consent.save()

    MentorProfile.objects.filter(person=person).update(competencies="", interests="", desired_mentee_age="")
    MenteeProfile.objects.filter(person=person).update(request_text="", support_notes="")
    Answer.objects.filter(response__respondent=person, question__kind__in=FREE_TEXT_KINDS).update(value=None)
    # Petitions written by the person, and decisions that may name them.
    with translation.override(settings.LANGUAGE_CODE):
        erased_text = _("text erased after a withdrawal of consent")
    ReplacementRequest.objects.filter(applicant=person).update(reason=erased_text, decision_note="")
    ReplacementRequest.objects.filter(Q(leaving=person) | Q(joining=person)).update(decision_note="")
