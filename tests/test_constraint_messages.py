"""Every database constraint a form can meet comes back as a Russian message on its field (mentoring/constraints.py)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from mentoring.constraints import MESSAGES, constraint_errors
from mentoring.forms_banks import MentorProfileForm
from mentoring.models import MentorProfile
from programmes.forms import ProgrammeNoteForm
from programmes.models import Programme
from programmes.services import add_months
from tests import factories
from tests.factories_programmes import ProgrammeFactory

OUR_APPS = ("mentoring", "programmes", "roadmap", "reports")


def test_every_constraint_of_our_apps_has_a_message():
    names = [
        (model.__name__, c.name)
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for c in model._meta.constraints
    ]
    assert len(names) > 40
    assert [n for n in names if n[1] not in MESSAGES] == []


def test_every_constrained_model_reports_messages_on_fields():
    """The mixin is on every model with constraints, and a registered field exists on the model."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or not model._meta.constraints:
            continue
        assert "ConstraintMessages" in [b.__name__ for b in model.__mro__], model
        for c in model._meta.constraints:
            field = MESSAGES[c.name][0]
            names = {f.name for f in model._meta.get_fields()}
            assert field is None or field in names, (model, c.name, field)


def _russian(errors) -> str:
    with translation.override("ru"):
        return " ".join(str(e) for e in errors)


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", [0, 11])
def test_mentor_capacity_out_of_range_is_an_error_on_the_field(year, capacity):
    profile = factories.MentorProfileFactory(year=year)
    form = MentorProfileForm({"capacity": capacity, "qualification_category": "none"}, instance=profile)
    assert not form.is_valid()
    assert set(form.errors) == {"capacity"}
    with translation.override("ru"):
        message = " ".join(form.errors["capacity"])
    assert "от 1 до 10" in message
    assert "ограничение" not in message


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", [0, 11])
def test_curator_sees_the_capacity_message_on_the_edit_page(client, curator, year, capacity):
    profile = factories.MentorProfileFactory(year=year, capacity=3)
    client.force_login(curator)
    response = client.post(
        reverse("mentoring:mentor_edit", args=[profile.pk]),
        {"capacity": capacity, "qualification_category": "none", "is_ready": "on"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    assert "Наставник может сопровождать от 1 до 10 наставляемых" in response.content.decode()
    assert "mentor_capacity_range" not in response.content.decode()
    profile.refresh_from_db()
    assert profile.capacity == 3


@pytest.mark.django_db
@pytest.mark.parametrize("months", [2, 13])
def test_programme_length_on_the_edit_form_is_an_error_on_the_end_date(year, months):
    programme = ProgrammeFactory(group__year=year, status=Programme.Status.DRAFT)
    data = {name: getattr(programme, name) for name in ProgrammeNoteForm.Meta.fields}
    data["end_date"] = add_months(programme.start_date, months)
    form = ProgrammeNoteForm(data, instance=programme)
    assert not form.is_valid()
    assert "end_date" in form.errors and "__all__" not in form.errors
    text = _russian(form.errors["end_date"])
    assert "от 3 месяцев до 1 года" in text


@pytest.mark.django_db
def test_service_full_clean_puts_the_message_on_the_field(year):
    profile = factories.MentorProfileFactory(year=year)
    profile.capacity = 11
    with pytest.raises(ValidationError) as info:
        profile.full_clean()
    assert list(info.value.error_dict) == ["capacity"]
    assert info.value.error_dict["capacity"][0].code == "mentor_capacity_range"


@pytest.mark.django_db
def test_a_write_only_the_database_refuses_becomes_the_same_message(year):
    profile = factories.MentorProfileFactory(year=year)
    with pytest.raises(ValidationError) as info, transaction.atomic(), constraint_errors():
        MentorProfile.objects.filter(pk=profile.pk).update(capacity=0)
    assert info.value.error_dict["capacity"][0].code == "mentor_capacity_range"
    with pytest.raises(ValidationError) as info, transaction.atomic(), constraint_errors():
        MentorProfile.objects.create(person=profile.person, year=year)
    assert "базе наставников" in " ".join(info.value.messages)


@pytest.mark.django_db
def test_an_unregistered_integrity_error_passes_through(year):
    from django.db import IntegrityError

    profile = factories.MentorProfileFactory(year=year)
    with pytest.raises(IntegrityError), transaction.atomic(), constraint_errors():
        MentorProfile.objects.filter(pk=profile.pk).update(person_id=None)  # NOT NULL: no named rule


@pytest.mark.django_db
def test_group_dates_and_consent_dates_report_on_their_fields(year):
    group = factories.GroupFactory(year=year)
    group.planned_end = group.planned_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        group.full_clean()
    assert "planned_end" in info.value.error_dict
    consent = factories.PersonFactory().consents.first()
    consent.valid_until = consent.valid_from - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        consent.full_clean()
    assert "valid_until" in info.value.error_dict


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_each_constraint_message_is_in_russian(name):
    field, message = MESSAGES[name]
    with translation.override("ru"):
        russian = str(message)
    assert any("а" <= ch.lower() <= "я" for ch in russian), (name, russian)
    assert name not in russian
