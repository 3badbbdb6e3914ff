"""A programme starts from the template of its group's form; pupils get a plan and a questionnaire of their own."""

import datetime

import pytest
from django.urls import reverse

from mentoring.choices import PUPIL_DIRECTIONS, MentoringForm
from mentoring.forms_banks import MenteeProfileForm
from mentoring.models import Questionnaire
from programmes import selectors, services
from programmes.loading import template_paths
from programmes.models import ProgrammeTemplate
from tests import factories
from tests.factories_programmes import make_active

TEACHERS_WORDS = ("ФГОС", "ФОП", "открытый урок", "открытого урока", "рабочая программа")


def test_every_form_of_mentoring_has_a_template_from_the_fixtures():
    assert len(template_paths()) == 4
    covered = {form for t in ProgrammeTemplate.objects.filter(is_active=True) for form in t.forms}
    assert covered >= {
        MentoringForm.TEACHER_TEACHER,
        MentoringForm.TEACHER_STUDENT,
        MentoringForm.STUDENT_STUDENT,
        MentoringForm.COLLEGE_STUDENT_PUPIL,
        MentoringForm.EMPLOYER_PUPIL,
    }


@pytest.mark.parametrize(
    ("form", "code"),
    [
        (MentoringForm.TEACHER_TEACHER, "default"),
        (MentoringForm.TEACHER_STUDENT, "teacher_pupil"),
        (MentoringForm.STUDENT_STUDENT, "pupil_pupil"),
        (MentoringForm.COLLEGE_STUDENT_PUPIL, "student_pupil"),
        (MentoringForm.EMPLOYER_PUPIL, "student_pupil"),
    ],
)
def test_the_template_matching_the_form_is_chosen(form, code):
    assert selectors.template_for_form(form).code == code


def test_a_form_without_a_template_falls_back_to_the_schools_first():
    ProgrammeTemplate.objects.filter(code="pupil_pupil").update(is_active=False)
    assert selectors.template_for_form(MentoringForm.STUDENT_STUDENT).code == "default"


def test_a_pupil_pair_gets_a_plan_for_pupils_without_teachers_topics(year, curator):
    mentor = factories.StudentFactory(grade="10А")
    mentee = factories.StudentFactory(grade="6Б")
    group = make_active(
        factories.GroupFactory(
            year=year, form=MentoringForm.STUDENT_STUDENT, members=[(mentor, "mentor"), (mentee, "mentee")]
        )
    )
    programme = services.programme_create_from_template(group=group, by=curator, start_date=group.planned_start)
    assert programme.template.code == "pupil_pupil"
    text = " ".join([programme.title, programme.goals, programme.tasks, programme.content, programme.planned_results])
    text += " ".join(a.title + " " + a.expected_result for a in programme.activities.all())
    for word in TEACHERS_WORDS:
        assert word not in text, word
    assert {a.direction for a in programme.activities.all()} <= set(PUPIL_DIRECTIONS)
    assert "ученик" in programme.title


def test_a_teacher_pair_still_gets_the_teachers_template(pair, curator):
    programme = services.programme_create_from_template(group=pair, by=curator, start_date=pair.planned_start)
    assert programme.template.code == "default"
    assert any("ФГОС" in a.title for a in programme.activities.all())


def test_the_start_page_preselects_the_template_of_the_form(client, curator, year):
    group = make_active(factories.GroupFactory(year=year, form=MentoringForm.TEACHER_STUDENT))
    client.force_login(curator)
    page = client.get(reverse("programmes:start", args=[group.pk])).content.decode()
    chosen = ProgrammeTemplate.objects.get(code="teacher_pupil")
    assert f'value="{chosen.pk}" selected' in page


def test_the_curator_edits_each_template(client, curator):
    template = ProgrammeTemplate.objects.get(code="pupil_pupil")
    client.force_login(curator)
    page = client.get(reverse("programmes:template"), {"template": template.pk}).content.decode()
    assert template.name in page and "ученик – ученик" in page
    assert client.get(reverse("programmes:template"), {"template": "x"}).status_code == 200  # bad input: the first


def test_pupils_have_their_own_needs_questionnaire_in_their_words(client, year):
    pupil = factories.StudentFactory()
    teacher = factories.PersonFactory()
    questionnaire = Questionnaire.objects.get(code="mentee_needs_pupil")
    texts = " ".join(q.text for q in questionnaire.questions.all())
    assert "тебе" in texts and "Нормативно-правовое" not in str(questionnaire.questions.first().choices)
    assert {code for code, _label in questionnaire.questions.get(number=1).choices} == set(PUPIL_DIRECTIONS)
    user = factories.UserFactory(roles=["mentee"], username="pupil", person=pupil)
    client.force_login(user)
    page = client.get(reverse("mentoring:my_questionnaires")).content.decode()
    assert questionnaire.title in page and "Анкета для наставляемого" not in page
    user = factories.UserFactory(roles=["mentee"], username="teacher", person=teacher)
    client.force_login(user)
    page = client.get(reverse("mentoring:my_questionnaires")).content.decode()
    assert questionnaire.title not in page and "Анкета для наставляемого" in page


def test_a_pupils_bank_entry_offers_the_pupils_directions(year):
    pupil_form = MenteeProfileForm(person=factories.StudentFactory())
    assert {code for code, _label in pupil_form.fields["requests"].choices} == set(PUPIL_DIRECTIONS)
    teacher_form = MenteeProfileForm(person=factories.PersonFactory())
    assert "regulatory" in {code for code, _label in teacher_form.fields["requests"].choices}
    assert "career" not in {code for code, _label in teacher_form.fields["requests"].choices}


def test_a_pupils_answers_fill_the_bank_entry_with_pupils_directions(year):
    from mentoring.services.banks import mentee_profile_create
    from mentoring.services.questionnaires import response_submit

    pupil = factories.StudentFactory()
    profile = mentee_profile_create(person=pupil, year=year, entered_on=datetime.date.today())
    questionnaire = Questionnaire.objects.get(code="mentee_needs_pupil")
    questions = {q.number: q for q in questionnaire.questions.all()}
    response_submit(
        questionnaire=questionnaire,
        respondent=pupil,
        year=year,
        answers={questions[1]: ["study", "career"], questions[2]: "Трудно с алгеброй", questions[5]: 4},
    )
    profile.refresh_from_db()
    assert profile.requests == ["study", "career"] and profile.request_text == "Трудно с алгеброй"
