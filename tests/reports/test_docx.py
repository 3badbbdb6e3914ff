"""Word copies through the same engine: orders (draft and frozen), consent forms, the end-of-year report."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from docx import Document

from reports.docx import docx_text
from reports.models import GeneratedDocument
from reports.services import document_request, order_create
from tests import factories
from tests.factories_reports import approve_now, pairing_order

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _text(data: bytes) -> str:
    return " ".join(docx_text(data).replace("\xa0", " ").split())


def _run(kind, user, params, capture, fmt="docx"):
    with capture(execute=True):
        document = document_request(kind=kind, requested_by=user, params=params, format=fmt)
    document.refresh_from_db()
    return document


def _fonts(data: bytes) -> set[str]:
    document = Document(io.BytesIO(data))
    names = {document.styles["Normal"].font.name}
    for paragraph in document.paragraphs:
        names |= {run.font.name for run in paragraph.runs if run.font.name}
    return names


def test_approved_pairing_order_docx_is_frozen_with_the_same_text(year, curator, director, curator_person):
    teacher = factories.PersonFactory(
        last_name="Дурново", first_name="Пётр", patronymic="Ильич", position="учитель физики"
    )
    group = factories.GroupFactory(year=year)
    group.memberships.filter(role="mentor").update(person=teacher)
    order = approve_now(order=pairing_order(year=year, curator=curator, groups=[group]), user=director)
    assert order.docx and order.docx_checksum
    data = order.docx.read()
    text = _text(data)
    for part in (
        "ПРИКАЗ",
        f"{order.date:%d.%m.%Y}",
        f"№ {order.number_label}",
        "О закреплении наставнических пар/групп",
        "взаимного согласия участников, ПРИКАЗЫВАЮ:",
        "1. Закрепить наставнические пары/группы",
        "Директор",
        "А. А. Директорова",
        "Наставник (ФИО, должность)",
        "Наставляемый (ФИО, класс или должность)",
        "Форма наставничества",
        "Срок",
        "Дурново Пётр Ильич, учитель физики",
        "С приказом ознакомлены",
    ):
        assert part in text, part
    assert "ПРОЕКТ" not in text
    assert _fonts(data) == {"Times New Roman"}
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.left_margin.mm) == 20 and round(section.right_margin.mm) == 10
    assert section.different_first_page_header_footer  # no number on the first page
    assert "PAGE" in section.header._element.xml  # the number at the top, from page 2
    # The pairing annex is a real table with the five GOST columns.
    annex = [t for t in document.tables if "Срок" in t.rows[0].cells[-1].text][0]
    assert len(annex.columns) == 5 and "Дурново Пётр Ильич" in annex.rows[1].cells[1].text
    # Frozen: data changes after approval do not reach the stored copy, and the engine serves it as stored.
    teacher.last_name = "Другой"
    teacher.save()
    with order.docx.open("rb") as handle:
        assert handle.read() == data


def test_engine_serves_the_stored_docx_of_an_approved_order(
    year, curator, director, django_capture_on_commit_callbacks
):
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    job = _run("order", director, {"target_id": order.pk}, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.format == "docx" and job.file.name.endswith(".docx")
    with order.docx.open("rb") as handle:
        assert job.file.read() == handle.read()


def test_organisation_order_docx_has_the_regulation_as_headings(year, curator, curator_person):
    from reports.services.orders import order_docx_render

    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=curator_person)
    data = order_docx_render(order)
    document = Document(io.BytesIO(data))
    headings = [p for p in document.paragraphs if p.text.startswith("4. Права и обязанности наставника")]
    assert headings and all(run.bold for run in headings[0].runs)
    text = _text(data)
    assert "ПРОЕКТ" in text and "ПОЛОЖЕНИЕ" in text and "6.2. Сформированные на добровольной основе" in text
    assert "ДОРОЖНАЯ КАРТА" in text


def test_consent_forms_docx_for_a_minor_has_both_documents(curator, django_capture_on_commit_callbacks):
    pupil = factories.StudentFactory(last_name="Ильина", first_name="Мария", patronymic="Петровна", grade="5А")
    job = _run("consent_forms", curator, {"person_ids": [pupil.pk]}, django_capture_on_commit_callbacks)
    assert job.status == "done", job.error
    text = _text(job.file.read())
    assert "на обработку персональных данных несовершеннолетней" in text
    assert "разрешённых субъектом персональных данных для распространения" in text
    assert "Ильина Мария Петровна, обучающаяся 5А класса" in text
    assert "на срок реализации программы наставничества, но не более 2 лет" in text
    assert "потребовать прекратить распространение" in text


def test_annual_report_docx_through_the_engine(year, curator, django_capture_on_commit_callbacks):
    factories.GroupFactory(year=year)
    job = _run("annual_report", curator, {"year_id": year.pk}, django_capture_on_commit_callbacks)
    assert job.status == "done", job.error
    text = _text(job.file.read())
    assert year.title in text and len(text) > 500


def test_unknown_format_is_refused_in_russian(curator):
    with pytest.raises(Exception, match="PDF или Word"):
        document_request(kind="memo", requested_by=curator, params={"target_id": 1}, format="odt")


@override_settings(DEBUG=False)
def test_download_of_a_docx_job_has_the_word_type(client, curator, django_capture_on_commit_callbacks):
    person = factories.PersonFactory()
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:document_request"),
            {"kind": "consent_forms", "person_ids": str(person.pk), "format": "docx", "forms": "publication"},
        )
    job = GeneratedDocument.objects.get()
    assert response.status_code == 302 and job.format == "docx" and job.params["forms"] == "publication"
    response = client.get(reverse("reports:document_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"].endswith(".docx")
    text = _text(b"".join(response.streaming_content))
    assert text.count("СОГЛАСИЕ") == 1 and "разрешённых субъектом персональных данных для распространения" in text


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("who", "status"),
    [("curator", 200), ("director", 200), ("methodical_council", 200), ("mentor", 404), ("norole", 404)],
)
def test_order_docx_access(client, year, curator, who, status):
    order = pairing_order(year=year, curator=curator, submit=False)
    user = curator if who == "curator" else factories.UserFactory(roles=[who] if who != "norole" else [], username=who)
    client.force_login(user)
    response = client.get(reverse("reports:order_docx", args=[order.pk]))
    assert response.status_code in ((status,) if status == 200 else (403, 404))
    if status == 200:
        assert response["Content-Type"] == DOCX and "ПРОЕКТ" in _text(response.content)


@override_settings(DEBUG=False)
def test_order_docx_sends_a_stranger_to_login(client, year, curator):
    order = pairing_order(year=year, curator=curator, submit=False)
    response = client.get(reverse("reports:order_docx", args=[order.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
