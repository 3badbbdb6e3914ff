"""The programme as a PDF: the template and the selector the document engine will use, checked by text."""

import datetime

import pytest
from django.template.loader import render_to_string

from programmes import services
from programmes.selectors import programme_document_context
from reports.pdf import html_to_pdf, render_html
from tests import factories
from tests.factories_programmes import ActivityFactory, ProgrammeFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_programme_pdf_has_the_note_the_plan_by_direction_and_the_signatures(pair, mentor_with_pair):
    factories.OrganisationFactory()
    programme = ProgrammeFactory(group=pair, problem="Трудности с дисциплиной в 7Б классе")
    ActivityFactory(
        programme=programme,
        direction="digital",
        title="Освоить электронный журнал",
        expected_result="Журнал ведётся без ошибок",
    )
    ActivityFactory(programme=programme, direction="regulatory", title="Изучить ФГОС ООО")
    services.programme_extend(
        programme=programme,
        by=mentor_with_pair,
        new_end=programme.end_date + datetime.timedelta(days=30),
        agreed=[m.person for m in pair.memberships.all()],
        agreed_on=programme.end_date,
        reason="Болезнь",
    )
    context = programme_document_context(programme)
    html = render_html("documents/programme.html", context)
    assert "css/documents/programme.css" in html
    pdf = html_to_pdf(html)
    text = pdf_text(pdf)
    mentor = pair.memberships.get(role="mentor").person
    mentee = pair.memberships.get(role="mentee").person
    for expected in (
        "Средняя школа № 1",
        "Пояснительная записка",
        "Трудности с дисциплиной в 7Б классе",
        "План мероприятий",
        "Нормативно-правовое",
        "ИКТ и цифровизация",
        "Освоить электронный журнал",
        "Журнал ведётся без ошибок",
        "Изучить ФГОС ООО",
        mentor.full_name,
        mentee.short_name,
        "Наставляемый",
        "Болезнь",
    ):
        assert expected in text, expected
    # The Regulation's order of directions: regulatory comes before ICT.
    assert text.index("Нормативно-правовое") < text.index("ИКТ и цифровизация")


def test_document_context_names_members_at_the_end_of_a_finished_group(pair, curator, mentor_with_pair):
    programme = ProgrammeFactory(group=pair)
    services.programme_report_submit(
        programme=programme, by=mentor_with_pair, mentor_report="Отчёт", results_summary="Итоги"
    )
    services.programme_complete(programme=programme, by=curator, on=programme.end_date)
    context = programme_document_context(programme)
    assert [p.pk for p in context["mentees"]] == [pair.memberships.get(role="mentee").person_id]
    assert "Итоги" in render_to_string("documents/programme.html", context)


def test_programme_pdf_through_the_document_engine(pair, mentor_with_pair, django_capture_on_commit_callbacks):
    from reports.models import GeneratedDocument
    from reports.services.documents import document_request

    factories.OrganisationFactory()
    programme = ProgrammeFactory(group=pair, goals="Уверенное ведение уроков")
    ActivityFactory(programme=programme, title="Открытый урок по дробям")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind="programme", requested_by=mentor_with_pair, params={"target_id": programme.pk})
    document = GeneratedDocument.objects.get(pk=document.pk)
    assert document.status == "done", document.error
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Уверенное ведение уроков" in text and "Открытый урок по дробям" in text
