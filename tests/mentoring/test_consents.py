"""The consent gate, recording consents (minors sign through a parent), scans checked by content."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring import consent_text
from mentoring.selectors import ConsentState, consent_state_of, consents_attention, people_list
from mentoring.selectors_consent_forms import consent_form_context
from mentoring.services import consents as consent_services
from mentoring.services.banks import mentee_profile_create, mentor_profile_create
from mentoring.services.consents import consent_record
from mentoring.services.groups import group_propose
from tests import factories
from tests.factories_banks import JPEG_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_gate_refuses_bank_entry_without_consent_in_russian(year):
    person = factories.PersonFactory(consent=None)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentee_profile_create(person=person, year=year)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentor_profile_create(person=person, year=year)


def test_gate_refuses_expired_and_future_consents(year):
    expired = factories.PersonFactory(consent=None)
    factories.ConsentFactory(
        person=expired,
        valid_from=TODAY() - datetime.timedelta(days=400),
        valid_until=TODAY() - datetime.timedelta(days=1),
    )
    future = factories.PersonFactory(consent=None)
    factories.ConsentFactory(person=future, valid_from=TODAY() + datetime.timedelta(days=3))
    for person in (expired, future):
        with pytest.raises(ValidationError):
            mentee_profile_create(person=person, year=year)


def test_gate_refuses_a_pair_with_a_person_without_consent(year):
    mentor = factories.MentorProfileFactory(year=year).person
    mentee = factories.MenteeProfileFactory(year=year).person
    mentee.consents.update(withdrawn_on=TODAY())
    with pytest.raises(ValidationError, match="согласия"):
        group_propose(
            year=year,
            mentors=[mentor],
            mentees=[mentee],
            form="teacher_teacher",
            types=[],
            planned_start=year.start_date,
            planned_end=year.end_date,
        )


def test_minor_needs_a_parent_and_then_enters_the_bank(year):
    pupil = factories.StudentFactory(consent=None)
    common = {"purpose": consent_text.PURPOSE, "data_list": consent_text.DATA_LIST, "valid_from": TODAY()}
    with pytest.raises(ValidationError, match="несовершеннолет|законным представителем|представител"):
        consent_record(person=pupil, signed_by="self", **common)
    consent_record(
        person=pupil,
        signed_by="representative",
        representative_name="Петрова Анна Сергеевна",
        representative_relation="мать",
        representative_basis="свидетельство о рождении",
        **common,
    )
    assert mentee_profile_create(person=pupil, year=year).pk


@pytest.mark.parametrize("content,ext", [(PDF_BYTES, "pdf"), (PNG_BYTES, "png"), (JPEG_BYTES, "jpg")])
def test_scan_type_is_read_from_content_not_name(content, ext):
    person = factories.PersonFactory(consent=None)
    upload = SimpleUploadedFile("photo.exe", content, content_type="application/octet-stream")
    consent = consent_record(person=person, purpose="ц", data_list="д", valid_from=TODAY(), scan=upload)
    assert consent.scan.name.endswith(f".{ext}")
    assert "photo" not in consent.scan.name


def test_scan_of_another_type_or_too_big_is_refused(monkeypatch):
    person = factories.PersonFactory(consent=None)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, JPEG или PNG"):
        consent_record(person=person, purpose="ц", data_list="д", valid_from=TODAY(), scan=fake)
    monkeypatch.setattr(consent_services, "SCAN_MAX_BYTES", 10)
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError, match="МБ"):
        consent_record(person=person, purpose="ц", data_list="д", valid_from=TODAY(), scan=big)


def test_consent_states_missing_expiring_withdrawn():
    valid = factories.PersonFactory()
    missing = factories.PersonFactory(consent=None)
    expiring = factories.PersonFactory(consent=None)
    factories.ConsentFactory(person=expiring, valid_until=TODAY() + datetime.timedelta(days=10))
    withdrawn = factories.PersonFactory(consent=None)
    factories.ConsentFactory(person=withdrawn, withdrawn_on=TODAY() - datetime.timedelta(days=1))
    lists = consents_attention()
    assert list(lists[ConsentState.MISSING]) == [missing]
    assert list(lists[ConsentState.EXPIRING]) == [expiring]
    assert list(lists[ConsentState.WITHDRAWN]) == [withdrawn]
    states = {p.pk: consent_state_of(p) for p in people_list(year=None)}
    assert states == {valid.pk: "valid", missing.pk: "missing", expiring.pk: "expiring", withdrawn.pk: "withdrawn"}


def test_consent_form_context_has_the_standard_text_and_the_parent(organisation):
    pupil = factories.StudentFactory()
    ctx = consent_form_context(pupil)
    assert ctx["purpose"] == consent_text.PURPOSE and ctx["is_minor"]
    assert ctx["representative_name"] == "Петрова Анна Сергеевна"
    assert ctx["operator_name"] == organisation.full_name
