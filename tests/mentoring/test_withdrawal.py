"""Withdrawal of consent: banks and groups left, every place personal data lives is anonymised."""

import datetime
import os

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from audit.models import EVENT_MODELS, AccessEvent
from mentoring.choices import CompletionReason, GroupStatus, MenteeStatus, MentorStatus
from mentoring.models import (
    Answer,
    Consent,
    GroupMembership,
    MenteeProfile,
    MentorProfile,
    Person,
    Question,
    Questionnaire,
    ReplacementRequest,
    Response,
    User,
)
from mentoring.services.consents import ensure_valid_consent
from mentoring.services.withdrawal import NOT_PERSONAL, PERSONAL_DATA, consent_withdraw
from mentoring.signals import person_anonymised
from tests import factories
from tests.factories_banks import PDF_BYTES

pytestmark = pytest.mark.django_db
SECRET = "Секретов"  # a marker planted in every personal field


def _models_with_personal_data():
    """Person, User, and every mentoring model that points at a Person (or at a Response of one)."""
    result = {Person, User}
    for model in apps.get_app_config("mentoring").get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in (Person, Response):
                result.add(model)
    return result


def test_every_field_of_every_model_with_personal_data_is_classified():
    """A new field must be either anonymised by the withdrawal service or declared not personal."""
    unclassified = []
    for model in _models_with_personal_data():
        declared = set(PERSONAL_DATA.get(model, {})) | NOT_PERSONAL.get(model, set())
        for f in model._meta.concrete_fields:
            if f.primary_key or (f.is_relation and f.name not in declared and f.name != "user"):
                continue
            if f.name not in declared:
                unclassified.append(f"{model.__name__}.{f.name}")
    assert unclassified == []


@pytest.fixture
def full_person(year):
    """A mentee in an open pair with every personal field filled with the marker."""
    group = factories.GroupFactory(year=year)
    mentee = group.memberships.get(role="mentee").person
    Person.objects.filter(pk=mentee.pk).update(
        last_name=SECRET,
        first_name=SECRET,
        patronymic=SECRET,
        position=SECRET,
        subject=SECRET,
        workplace=SECRET,
        email="secretov@school.example",
        phone="+7 999 SECRET",
        birth_date=datetime.date(1990, 1, 1),
        career_start_year=2015,
    )
    mentee.refresh_from_db()
    factories.UserFactory(
        username="secretov", email="secretov@school.example", first_name=SECRET, last_name=SECRET, person=mentee
    )
    consent = mentee.consents.get()
    Consent.objects.filter(pk=consent.pk).update(
        signed_by="representative",
        representative_name=SECRET,
        representative_relation=SECRET,
        representative_basis=SECRET,
        subject_address=SECRET,
        identity_document=SECRET,
    )
    consent.refresh_from_db()
    consent.scan.save("x.pdf", ContentFile(PDF_BYTES))
    # The separate consent to publication (152-ФЗ art. 10.1), as the data migration makes it: same scan.
    Consent.objects.create(
        person=mentee,
        kind="publication",
        purpose="публикация",
        data_list="ФИО, фото",
        publication_place="раздел «Наставничество»: https://school.example/",
        valid_from=consent.valid_from,
        signed_by="representative",
        representative_name=SECRET,
        representative_relation=SECRET,
        representative_basis=SECRET,
        subject_address=SECRET,
        scan=consent.scan.name,
    )
    MenteeProfile.objects.filter(person=mentee).update(request_text=SECRET, support_notes=SECRET)
    factories.MentorProfileFactory(
        person=mentee, year=year, competencies=SECRET, interests=SECRET, desired_mentee_age=SECRET
    )
    q = Questionnaire.objects.create(code="n", kind="mentee_needs", title="Анкета")
    text_q = q.questions.create(number=1, text="О себе", kind=Question.Kind.LONG_TEXT)
    choice_q = q.questions.create(number=2, text="Оценка", kind=Question.Kind.SCALE)
    response = Response.objects.create(questionnaire=q, respondent=mentee, year=year)
    Answer.objects.create(response=response, question=text_q, value=SECRET)
    Answer.objects.create(response=response, question=choice_q, value=7)
    ReplacementRequest.objects.create(
        group=group,
        kind="mentee_petition",
        applicant=mentee,
        reason=SECRET,
        submitted_on=timezone.localdate(),
        decision_note=SECRET,
    )
    return mentee, consent, group


def test_withdrawal_leaves_no_personal_data_anywhere(full_person, curator, client):
    mentee, consent, group = full_person
    client.force_login(curator)
    client.get(reverse("mentoring:person_detail", args=[mentee.pk]))  # an access-log entry about the person
    scan_path = consent.scan.path
    user = mentee.user
    consent_withdraw(consent=consent, on=timezone.localdate(), reason="заявление родителя", recorded_by=curator)

    # the live rows, and the audit trail: every event table of the change history and the access log
    for model in [*_models_with_personal_data(), *EVENT_MODELS.values(), AccessEvent]:
        for row in model.objects.values():
            for name, value in row.items():
                assert SECRET not in str(value), f"{model.__name__}.{name} still holds personal data"
                assert "secretov" not in str(value).lower(), f"{model.__name__}.{name} still holds the email"
    assert EVENT_MODELS[Person].objects.filter(pgh_obj_id=mentee.pk).count() >= 2  # that it happened stays
    mentee.refresh_from_db()
    assert mentee.full_name == f"Участник №{mentee.pk}"
    assert mentee.birth_date is None and mentee.is_anonymised and mentee.user is None
    user.refresh_from_db()
    assert user.username == f"anonymised-{user.pk}" and not user.is_active and not user.has_usable_password()
    assert not os.path.exists(scan_path)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and not consent.scan
    # Withdrawing the processing consent withdraws the publication consent too.
    publication = mentee.consents.get(kind="publication")
    assert publication.withdrawn_on == timezone.localdate() and not publication.scan
    assert Answer.objects.get(question__kind="scale").value == 7  # statistics survive


def test_withdrawal_ends_banks_and_the_pair(full_person):
    mentee, consent, group = full_person
    consent_withdraw(consent=consent, on=timezone.localdate(), reason="заявление")
    group.refresh_from_db()
    assert group.status == GroupStatus.TERMINATED
    assert group.completion_reason == CompletionReason.CONSENT_WITHDRAWN
    assert not group.memberships.filter(left_on__isnull=True).exists()
    assert MenteeProfile.objects.get(person=mentee).status == MenteeStatus.LEFT
    assert MentorProfile.objects.get(person=mentee).status == MentorStatus.LEFT
    assert MenteeProfile.objects.get(person=mentee).left_on == timezone.localdate()
    mentee.refresh_from_db()
    with pytest.raises(ValidationError, match="отозвал"):
        ensure_valid_consent(mentee)


def test_a_mentee_leaving_a_group_of_three_keeps_the_group_open(year):
    group = factories.GroupFactory(year=year)
    other = factories.MenteeProfileFactory(year=year, status="paired").person
    GroupMembership.objects.create(group=group, person=other, role="mentee", joined_on=year.start_date)
    consent = other.consents.get()
    consent_withdraw(consent=consent, on=timezone.localdate(), reason="заявление")
    group.refresh_from_db()
    assert group.is_open
    membership = group.memberships.get(person=other)
    assert membership.left_on == timezone.localdate() and "заявление" in membership.leave_reason
    assert group.memberships.filter(left_on__isnull=True).count() == 2


def test_the_signal_lets_other_apps_clean_their_data(year):
    person = factories.PersonFactory()
    seen = []

    def receiver(sender, person, on, **kwargs):
        seen.append((person.pk, person.is_anonymised, on))

    person_anonymised.connect(receiver)
    try:
        consent_withdraw(consent=person.consents.get(), on=timezone.localdate(), reason="устное заявление")
    finally:
        person_anonymised.disconnect(receiver)
    assert seen == [(person.pk, True, timezone.localdate())]


def test_withdrawal_needs_a_reason_and_cannot_be_repeated():
    person = factories.PersonFactory()
    consent = person.consents.get()
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, on=timezone.localdate(), reason="  ")
    consent_withdraw(consent=consent, on=timezone.localdate(), reason="заявление")
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, on=timezone.localdate(), reason="ещё раз")


def test_classification_registry_only_names_real_fields():
    for model, names in [*PERSONAL_DATA.items(), *NOT_PERSONAL.items()]:
        real = {f.name for f in model._meta.get_fields() if isinstance(f, models.Field)}
        assert set(names) <= real, model
