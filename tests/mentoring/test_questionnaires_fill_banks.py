"""Issue 14 §3: the needs questionnaire and the mentor survey fill the banks of the current year."""

import pytest
from django.urls import reverse

from mentoring.models import Consent, MenteeProfile, MentorProfile, Questionnaire, Response
from tests import factories

pytestmark = pytest.mark.django_db


def _by_field(questionnaire):
    return {x.maps_to or x.number: x for x in questionnaire.questions.all()}


def _survey_data():
    q = _by_field(Questionnaire.objects.get(code="mentor_survey"))
    return {
        f"q{q['directions'].pk}": ["methodical", "digital"],
        f"q{q['competencies'].pk}": "Двадцать лет в профессии, высшая категория",
        f"q{q['interests'].pk}": "Робототехника",
        f"q{q['preferred_forms'].pk}": ["teacher_teacher"],
        f"q{q['preferred_types'].pk}": ["traditional", "group"],
        f"q{q['capacity'].pk}": "3",
        f"q{q['desired_mentee_age'].pk}": "молодые педагоги",
        f"q{q['available_period'].pk}": "весь учебный год",
        f"q{q['preferred_mode'].pk}": "mixed",
        f"q{q[10].pk}": "yes",
        f"q{q[11].pk}": "9",
        f"q{q['is_ready'].pk}": "yes",
    }


def _needs_data():
    q = _by_field(Questionnaire.objects.get(code="mentee_needs"))
    return {
        f"q{q['requests'].pk}": ["digital", "psychological"],
        f"q{q['request_text'].pk}": "Хочу научиться работать с трудным классом",
        f"q{q['preferred_form'].pk}": "teacher_teacher",
        f"q{q['preferred_types'].pk}": ["traditional"],
        f"q{q['preferred_mode'].pk}": "in_person",
        f"q{q[6].pk}": "5",
    }


def test_a_paper_survey_creates_the_mentor_bank_entry_with_everything_it_maps(client, curator, year):
    person = factories.PersonFactory()
    client.force_login(curator)
    url = reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk])
    response = client.post(url, _survey_data(), follow=True)
    entry = MentorProfile.objects.get(person=person, year=year)
    assert entry.directions == ["methodical", "digital"]
    assert entry.competencies.startswith("Двадцать лет")
    assert entry.interests == "Робототехника"
    assert entry.preferred_forms == ["teacher_teacher"]
    assert entry.preferred_types == ["traditional", "group"]
    assert entry.capacity == 3
    assert entry.desired_mentee_age == "молодые педагоги" and entry.available_period == "весь учебный год"
    assert entry.preferred_mode == "mixed" and entry.is_ready
    assert "добавлен" in response.content.decode() or "включ" in response.content.decode().lower()


def test_an_online_needs_questionnaire_creates_the_mentee_bank_entry(client, mentee_user, year):
    MenteeProfile.objects.filter(person=mentee_user.person).delete()
    client.force_login(mentee_user)
    response = client.post(reverse("mentoring:questionnaire_fill", args=["mentee_needs"]), _needs_data())
    assert response.status_code == 302
    entry = MenteeProfile.objects.get(person=mentee_user.person, year=year)
    assert entry.requests == ["digital", "psychological"]
    assert entry.request_text == "Хочу научиться работать с трудным классом"
    assert (entry.preferred_form, entry.preferred_types, entry.preferred_mode) == (
        "teacher_teacher",
        ["traditional"],
        "in_person",
    )
    assert entry.status == "awaiting"


def test_a_second_questionnaire_updates_the_entry_and_creates_no_other(client, curator, year):
    person = factories.PersonFactory()
    client.force_login(curator)
    url = reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk])
    client.post(url, _survey_data())
    data = _survey_data()
    q = _by_field(Questionnaire.objects.get(code="mentor_survey"))
    data[f"q{q['capacity'].pk}"] = "5"
    client.post(url, data)
    assert MentorProfile.objects.filter(person=person).count() == 1
    assert MentorProfile.objects.get(person=person).capacity == 5
    assert Response.objects.filter(respondent=person).count() == 2


def test_without_consent_the_answers_are_kept_and_nobody_enters_the_bank(client, curator, year):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    url = reverse("mentoring:questionnaire_on_behalf", args=["mentee_needs", person.pk])
    response = client.post(url, _needs_data(), follow=True)
    assert response.status_code == 200
    assert Response.objects.filter(respondent=person).count() == 1
    assert not MenteeProfile.objects.filter(person=person).exists()
    text = response.content.decode()
    assert "не включ" in text and "согласи" in text, text[:2000]


def test_the_add_to_bank_form_is_prefilled_from_the_latest_answers(client, curator, year):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk]), _survey_data())
    assert not MentorProfile.objects.filter(person=person).exists()
    factories.ConsentFactory(person=person)
    form = client.get(reverse("mentoring:mentor_add", args=[person.pk])).context["form"]
    assert form.initial["directions"] == ["methodical", "digital"]
    assert form.initial["capacity"] == 3
    assert form.initial["competencies"].startswith("Двадцать лет")
    assert form.initial["preferred_mode"] == "mixed"


def test_the_mentee_add_form_is_prefilled_too(client, curator, year):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentee_needs", person.pk]), _needs_data())
    factories.ConsentFactory(person=person)
    form = client.get(reverse("mentoring:mentee_add", args=[person.pk])).context["form"]
    assert form.initial["requests"] == ["digital", "psychological"]
    assert form.initial["request_text"].startswith("Хочу научиться")
    assert "entered_on" in form.initial


def test_a_person_without_consent_filling_online_is_told_to_see_the_curator(client, year):
    person = factories.PersonFactory(consent=None)
    user = factories.UserFactory(roles=["mentee"], username="noconsent", person=person)
    client.force_login(user)
    response = client.post(reverse("mentoring:questionnaire_fill", args=["mentee_needs"]), _needs_data(), follow=True)
    assert "куратор" in response.content.decode()
    assert Response.objects.filter(respondent=person).exists()
    assert not MenteeProfile.objects.filter(person=person).exists()
    assert Consent.objects.filter(person=person).count() == 0


def test_without_a_current_year_the_questionnaire_page_says_so(client, curator, db):
    person = factories.PersonFactory()
    client.force_login(curator)
    url = reverse("mentoring:questionnaire_on_behalf", args=["mentee_needs", person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _needs_data()).status_code == 200
    assert not Response.objects.exists()


def test_the_survey_answer_not_ready_keeps_the_mentor_out_of_the_suggestions(client, curator, year):
    person = factories.PersonFactory()
    client.force_login(curator)
    data = _survey_data()
    q = _by_field(Questionnaire.objects.get(code="mentor_survey"))
    data[f"q{q['is_ready'].pk}"] = "no"
    client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk]), data)
    entry = MentorProfile.objects.get(person=person, year=year)
    assert entry.is_ready is False
    data[f"q{q['is_ready'].pk}"] = "yes"
    client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk]), data)
    entry.refresh_from_db()
    assert entry.is_ready is True


def test_the_survey_cannot_be_sent_without_the_readiness_answer(client, curator, year):
    person = factories.PersonFactory()
    client.force_login(curator)
    data = _survey_data()
    q = _by_field(Questionnaire.objects.get(code="mentor_survey"))
    del data[f"q{q['is_ready'].pk}"]
    response = client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk]), data)
    assert response.status_code == 200
    assert not MentorProfile.objects.filter(person=person).exists()


def test_an_installation_from_before_gets_the_readiness_question_once():
    """The data migration adds the question to a survey that lacks it, after the last one, and only once."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("mentoring.migrations.0011_mentor_survey_readiness")
    survey = Questionnaire.objects.get(code="mentor_survey")
    survey.questions.filter(maps_to="is_ready").delete()
    last = survey.questions.order_by("-number").first().number
    migration.add_readiness_question(apps, None)
    migration.add_readiness_question(apps, None)
    added = survey.questions.get(maps_to="is_ready")
    assert added.number == last + 1 and added.kind == "yes_no" and added.required
    assert "Готовы ли вы стать наставником" in added.text
