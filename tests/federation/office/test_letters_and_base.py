"""Letters to all or chosen schools reach only their feedback; the base of practices at the hub and at a school."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from federation.base import cases_store
from federation.models import HubCase, InformationLetter
from federation.office.feedback import feedback_for
from programmes.models import ProgrammeTemplate
from tests import factories

from .hubdata import hub, package, school

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%fake but typed\n"


@pytest.fixture
def methodist():
    hub()
    return factories.UserFactory(username="methodist", roles=["curator"])


def test_a_letter_to_chosen_schools_appears_only_in_their_feedback(client, methodist):
    a, b, c = school("А"), school("Б"), school("В")
    client.force_login(methodist)
    response = client.post("/municipal/letters/", {
        "title": "О мониторинге", "text": "Пришлите данные до 20 декабря.", "schools": [a.pk, b.pk],
        "pdf": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    })  # fmt: skip
    assert response.status_code == 302
    letter = InformationLetter.objects.get()
    assert not letter.to_all and letter.pdf
    for s, expected in ((a, 1), (b, 1), (c, 0)):
        letters = feedback_for(s)["letters"]
        assert len(letters) == expected
    assert feedback_for(a)["letters"][0] == {"id": letter.pk, "title": "О мониторинге", "text":
        "Пришлите данные до 20 декабря.", "published_at": letter.published_at.isoformat(), "has_pdf": True}  # fmt: skip
    assert client.get(f"/municipal/letters/{letter.pk}/pdf/").status_code == 200


def test_a_letter_to_all_is_not_sent_again_once_the_school_has_it(client, methodist):
    a = school("А")
    client.force_login(methodist)
    client.post("/municipal/letters/", {"title": "Всем", "text": "Текст", "to_all": "on"})
    letter = InformationLetter.objects.get()
    assert [x["id"] for x in feedback_for(a)["letters"]] == [letter.pk]
    package(a, body={"received_letters": [letter.pk]})
    assert feedback_for(a)["letters"] == []


def test_a_letter_needs_schools_or_all_and_a_real_pdf(client, methodist):
    school("А")
    client.force_login(methodist)
    response = client.post("/municipal/letters/", {"title": "Никому", "text": "Текст"})
    assert response.status_code == 200 and "Выберите ОО" in response.content.decode()
    response = client.post("/municipal/letters/", {"title": "Т", "text": "Т", "to_all": "on",
                                                   "pdf": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})  # fmt: skip
    assert response.status_code == 200 and not InformationLetter.objects.exists()


CASE = {"external_id": "c1", "title": "Наставник для молодого педагога", "summary": "Кратко", "body": "Итоги",
        "form": "teacher_teacher", "mentoring_type": "traditional", "directions": ["methodical", "digital"],
        "published_on": datetime.date(2026, 11, 1)}  # fmt: skip


def test_the_hub_base_searches_by_form_type_and_direction(client, methodist):
    package(school("А"), cases=[CASE])
    package(school("Б"), cases=[{**CASE, "external_id": "c2", "title": "Ученик — ученику", "form": "student_student",
                                 "directions": ["scientific"]}])  # fmt: skip
    client.force_login(methodist)
    for query, present, absent in (("form=teacher_teacher", "молодого", "Ученик"),
                                   ("direction=scientific", "Ученик", "молодого"),
                                   ("mentoring_type=traditional&q=педагога", "молодого", "Ученик"),
                                   ("form=%00bogus&direction=x", "молодого", "ничего")):  # fmt: skip
        page = client.get(f"/municipal/base/?{query}").content.decode()
        assert present in page and absent not in page, query


def test_cases_go_to_other_schools_then_only_what_is_new_with_one_answer_of_overlap():
    hub()
    a, b = school("А"), school("Б")
    package(a, cases=[CASE])
    package(b)
    first = feedback_for(b)["cases"]
    assert [c["title"] for c in first] == [CASE["title"]] and first[0]["school"] == "А"
    assert feedback_for(a)["cases"] == []  # its own case does not come back
    assert len(feedback_for(b)["cases"]) == 1  # the answer before may have been lost: sent once more
    assert feedback_for(b)["cases"] == []  # nothing new since
    package(a, cases=[{**CASE, "title": "Исправленное название"}])
    assert [c["title"] for c in feedback_for(b)["cases"]] == ["Исправленное название"]
    assert [c["title"] for c in feedback_for(b)["cases"]] == ["Исправленное название"]
    assert feedback_for(b)["cases"] == []


def test_feedback_costs_the_same_queries_whatever_the_cases_and_letters():
    hub()
    b = school("Б")
    package(b)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            feedback_for(b)
        return len(ctx)

    few = count()
    for n in range(10):
        package(school(f"С{n}"), cases=[{**CASE, "external_id": f"x{n}"}])
    assert count() == few


def test_a_school_curator_starts_a_programme_template_from_a_case(client):
    factories.OrganisationFactory()
    factories.AcademicYearFactory()
    stored = cases_store([{**CASE, "id": 7, "school": "МБОУ СОШ № 5", "published_on": "2026-11-01"},
                          {"id": "bad"}, "junk"])  # fmt: skip
    assert stored == 1
    cases_store([{**CASE, "id": 9, "school": "МБОУ СОШ № 5", "title": "Новое название", "published_on": None}])
    case = HubCase.objects.get()
    assert case.title == "Новое название" and case.hub_case_id == 9
    curator = factories.UserFactory(username="curator", roles=["curator"])
    client.force_login(curator)
    page = client.get("/federation/base/?direction=methodical").content.decode()
    assert "Новое название" in page and "Начать программу по этому кейсу" in page
    response = client.post(f"/federation/base/{case.pk}/start/")
    template = ProgrammeTemplate.objects.get(code=f"case-{case.pk}")
    assert response.status_code == 302 and response.url.endswith(f"?template={template.pk}")
    assert template.title == "Новое название" and template.forms == []
    assert [a.direction for a in template.activities.all()] == ["digital", "methodical"]
    client.post(f"/federation/base/{case.pk}/start/")
    assert ProgrammeTemplate.objects.filter(code=f"case-{case.pk}").count() == 1


def test_school_pages_are_hidden_on_a_hub_and_hub_pages_on_a_school(client, methodist):
    client.force_login(methodist)
    assert client.get("/federation/base/").status_code == 404
    assert client.get("/municipal/").status_code == 200
    hub_org = factories.OrganisationFactory()
    hub_org.kind = "school"
    hub_org.save()
    assert client.get("/municipal/").status_code == 404
