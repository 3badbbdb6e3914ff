"""Kinds of organisation (issue 19 §2): what a kindergarten, a ДДТ and a college see differently from a school.

The kindergarten is set up the way a new user does it: the first-run setup page.
"""

import datetime
import io
import json

import jsonschema
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from mentoring.choices import Category, MentoringForm
from mentoring.forms_banks import MentorProfileForm
from mentoring.imports import Target, import_run
from mentoring.kinds import PROFILES, kind_profile
from mentoring.models import AcademicYear, Contingent, MentoringGroup, Organisation, OrganisationKind, Person, User
from mentoring.services.people import person_create
from reports.models import Order
from reports.services import order_create, order_submit
from reports.services.new_year import academic_year_start_next
from roadmap.models import RoadmapItem
from roadmap.services import roadmap_create_from_template
from tests import factories
from tests.factories_banks import csv_bytes
from tests.factories_reports import approve_now
from tests.mentoring.test_school import _setup_post
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

SETUP = "/mentoring/school/setup/"
PEOPLE = "/mentoring/people/"
PERSON_NEW = "/mentoring/people/new/"
KINDERGARTEN_ITEM = "Взаимопосещение занятий и режимных моментов"  # only in fixtures/roadmap_templates/kindergarten


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin", "admin@example.org", "admin-pass-123")


@pytest.fixture
def kindergarten(client, admin):
    """A kindergarten set up through the first-run page; the administrator is its curator."""
    client.force_login(admin)
    response = client.post(
        SETUP, _setup_post(kind=OrganisationKind.KINDERGARTEN, director_name="Е. А. Смирнова", director_position="")
    )
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert (org.kind, org.head_title) == (OrganisationKind.KINDERGARTEN, "Заведующий")
    return org


def _staff():
    educator = person_create(last_name="Петрова", first_name="Анна", patronymic="Ивановна", category="educator")
    young = person_create(
        last_name="Сидорова", first_name="Ольга", patronymic="Петровна", category=Category.YOUNG_SPECIALIST
    )
    return educator, young


def test_every_kind_has_a_profile_and_a_school_offers_what_it_always_did():
    assert set(PROFILES) == set(OrganisationKind.values)
    school = kind_profile(OrganisationKind.SCHOOL)
    assert school.category_codes == (Category.TEACHER, Category.YOUNG_SPECIALIST, Category.STUDENT, Category.EXTERNAL)
    assert school.forms == tuple(MentoringForm.values) and school.has_pupils
    assert kind_profile("") is school and kind_profile("unknown") is school
    assert not kind_profile(OrganisationKind.MUNICIPAL).has_pupils


def test_kindergarten_order_is_signed_by_the_head_and_its_roadmap_is_a_kindergartens(kindergarten, admin):
    year = AcademicYear.objects.get(is_current=True)
    roadmap_create_from_template(year=year)
    assert RoadmapItem.objects.filter(stage__year=year, title__startswith=KINDERGARTEN_ITEM).exists()
    director = factories.UserFactory(roles=["director"], username="head")
    order = order_create(year=year, order_type="organisation", created_by=admin, appointee=admin.person)
    order = approve_now(order=order_submit(order=order, user=admin), user=director)
    text = pdf_text(order.pdf.read())
    assert "Заведующий" in text and "Е. А. Смирнова" in text
    assert "Директор" not in text  # neither under the order nor as the responsible in the roadmap annex


def test_kindergarten_people_list_has_no_classes(client, kindergarten):
    _staff()
    page = client.get(PEOPLE).content.decode()
    assert "Петрова Анна Ивановна" in page and "Воспитатель" in page
    assert "Класс" not in page and 'name="grade"' not in page
    assert "Должность" in page
    export = client.get(PEOPLE + "export.xlsx")
    headers = [c.value for c in next(load_workbook(io.BytesIO(export.content)).active.iter_rows(max_row=1))]
    assert "Класс" not in headers and "Категория" in headers


def test_kindergarten_person_form_offers_no_pupils(client, kindergarten):
    form = client.get(PERSON_NEW).context["form"]
    assert [code for code, _label in form.fields["category"].choices if code] == [
        "educator",
        Category.TEACHER,
        Category.YOUNG_SPECIALIST,
        Category.EXTERNAL,
    ]
    assert "grade" not in form.fields
    response = client.post(PERSON_NEW, {"last_name": "Иванов", "first_name": "Ваня", "category": Category.STUDENT})
    assert response.status_code == 200 and not Person.objects.filter(last_name="Иванов").exists()
    response = client.post(PERSON_NEW, {"last_name": "Петрова", "first_name": "Анна", "category": "educator"})
    assert response.status_code == 302 and Person.objects.get(last_name="Петрова").grade == ""
    forms = dict(MentorProfileForm().fields["preferred_forms"].choices)
    assert list(forms) == list(kind_profile(OrganisationKind.KINDERGARTEN).forms)
    assert forms[MentoringForm.DIRECTOR_TEACHER] == "руководитель ДОО – педагог"


def test_kindergarten_monitoring_and_its_exports_have_no_pupil_indicators(client, kindergarten):
    _staff()
    response = client.get("/monitoring/")
    assert response.status_code == 200
    shares = response.context["data"]["shares"]
    assert "share_students_mentees" not in shares and "share_students_mentors" not in shares
    assert "share_young_teachers_mentees" in shares
    assert Category.STUDENT not in [r["category"] for r in response.context["data"]["participants"]["rows"]]
    page = response.content.decode()
    assert 'data-share="share_students_mentees"' not in page and "10–18" not in page
    payload = json.loads(client.get("/monitoring/export.json").content)
    jsonschema.validate(payload, json.loads(client.get("/monitoring/schema.json").content))
    assert set(payload["indicators"]["shares"]) == {
        "share_young_teachers_mentees",
        "share_involved",
        "target_percent",
        "contingent",
    }
    assert "share_students_mentees" not in payload["definitions"]
    workbook = load_workbook(io.BytesIO(client.get("/monitoring/export.xlsx").content))
    cells = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None)
    assert "10–18" not in cells and "15–19" not in cells


def test_kindergarten_new_year_takes_the_kindergarten_template(kindergarten):
    year = AcademicYear.objects.get(is_current=True)
    new_year = academic_year_start_next(
        year=year, title="2027/2028", start_date=datetime.date(2027, 9, 1), end_date=datetime.date(2028, 5, 31)
    ).new_year
    assert RoadmapItem.objects.filter(stage__year=new_year, title__startswith=KINDERGARTEN_ITEM).exists()
    assert not RoadmapItem.objects.filter(stage__year=new_year, title__contains="открытых уроков").exists()


def test_additional_education_calls_the_class_an_association(client, curator):
    factories.OrganisationFactory(kind=OrganisationKind.ADDITIONAL)
    pupil = person_create(last_name="Орлов", first_name="Пётр", category=Category.STUDENT, grade="  Юный   техник ")
    assert pupil.grade == "Юный техник"  # an association's name keeps its words; a class «7 б» is still «7Б»
    assert pupil.unit_phrase == "объединения «Юный техник»"
    client.force_login(curator)
    page = client.get(PEOPLE, {"grade": "юный техник"}).content.decode()
    assert "Объединение" in page and "Класс" not in page and "Орлов Пётр" in page
    form = client.get(PERSON_NEW).context["form"]
    assert form.fields["grade"].label == "объединение"
    assert dict(form.fields["category"].choices)[Category.TEACHER] == "Педагог дополнительного образования"


def test_college_offers_students_and_lecturers(client, curator):
    factories.OrganisationFactory(kind=OrganisationKind.COLLEGE)
    client.force_login(curator)
    form = client.get(PERSON_NEW).context["form"]
    labels = dict(form.fields["category"].choices)
    assert (labels[Category.STUDENT], labels[Category.TEACHER]) == ("Студент", "Преподаватель")
    assert form.fields["grade"].label == "группа"
    student = person_create(
        last_name="Белова", first_name="Ирина", patronymic="Олеговна", category=Category.STUDENT, grade="ИС-21"
    )
    assert student.category_label == "Студентка"
    assert student.unit_phrase == "группы ИС-21"  # on consent forms: «обучающаяся группы ИС-21»
    forms = dict(MentorProfileForm().fields["preferred_forms"].choices)
    assert forms[MentoringForm.STUDENT_STUDENT] == "студент – студент"
    assert MentoringForm.EMPLOYER_STUDENT in forms and MentoringForm.EMPLOYER_PUPIL not in forms
    page = client.get(PEOPLE).content.decode()
    assert "Группа или должность" in page and "Студентка" in page


def test_a_school_is_unchanged(client, curator, organisation):
    client.force_login(curator)
    form = client.get(PERSON_NEW).context["form"]
    assert [c for c, _label in form.fields["category"].choices if c] == list(
        kind_profile(OrganisationKind.SCHOOL).category_codes
    )
    assert form.fields["grade"].label == "класс"
    assert "Класс или должность" in client.get(PEOPLE).content.decode()


def test_demo_builds_a_kindergarten(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the approved orders' PDFs are rendered after commit
        call_command("demo_school", "--kind", "kindergarten", verbosity=0)
    org = Organisation.objects.get()
    assert (org.kind, org.head_title) == (OrganisationKind.KINDERGARTEN, "Заведующий")
    assert not Person.objects.filter(category=Category.STUDENT).exists()
    assert Person.objects.filter(category="educator").exists()
    assert set(MentoringGroup.objects.values_list("form", flat=True)) == {MentoringForm.TEACHER_TEACHER}
    order = Order.objects.filter(order_type="organisation", status=Order.Status.APPROVED).get()
    text = pdf_text(order.pdf.read())
    assert "Заведующий" in text and "Е. А. Смирнова" in text and "старшего воспитателя" in text


def test_kindergarten_contingent_counts_the_staff_only(client, kindergarten):
    year = AcademicYear.objects.get(is_current=True)
    form = client.get("/mentoring/school/contingent/").context["form"]
    assert set(form.fields) == {"teachers", "young_teachers"}
    response = client.post(f"/mentoring/school/contingent/?year={year.pk}", {"teachers": "30", "young_teachers": "4"})
    assert response.status_code == 302
    contingent = Contingent.objects.get(year=year)
    assert (contingent.pupils_total, contingent.pupils_10_18, contingent.teachers) == (0, 0, 30)


def test_kindergarten_import_takes_educators_and_refuses_pupils(kindergarten):
    header = ["Фамилия", "Имя", "Отчество", "Категория", "Должность"]
    rows = [["Петрова", "Анна", "Сергеевна", "воспитатель", "воспитатель"], ["Ёжиков", "Ваня", "", "обучающийся", ""]]
    result = import_run(content=csv_bytes(rows, header=header), filename="сад.csv", target=Target.PEOPLE, year=None,
                        dry_run=True)  # fmt: skip
    assert [(e.row, e.column) for e in result.errors] == [(3, "№4 «Категория»")]  # a CSV column by number
    assert "нет участников этой категории" in result.errors[0].message
    result = import_run(content=csv_bytes(rows[:1], header=header), filename="сад.csv", target=Target.PEOPLE,
                        year=None, dry_run=False)  # fmt: skip
    assert result.applied and Person.objects.get(last_name="Петрова").category == "educator"


def test_college_import_reads_the_group_column(curator):
    factories.OrganisationFactory(kind=OrganisationKind.COLLEGE)
    header = ["Фамилия", "Имя", "Категория", "Группа"]
    content = csv_bytes([["Белова", "Ирина", "студентка", "ИС-21"]], header=header)
    result = import_run(content=content, filename="группа.csv", target=Target.PEOPLE, year=None, dry_run=False)
    assert result.applied
    assert Person.objects.values_list("category", "grade").get(last_name="Белова") == (Category.STUDENT, "ИС-21")


def test_college_pages_and_the_pairing_order_name_the_form_as_a_college_does(client, curator, year, director):
    """Every page and document that shows a group's form says it as the kind does (MentoringGroup.form_label)."""
    factories.OrganisationFactory(kind=OrganisationKind.COLLEGE)
    group = factories.GroupFactory(year=year, form=MentoringForm.STUDENT_STUDENT)
    client.force_login(curator)
    for url in ("/mentoring/groups/", f"/mentoring/groups/{group.pk}/"):
        page = client.get(url).content.decode()
        assert "студент – студент" in page and "ученик – ученик" not in page, url
    order = order_create(year=year, order_type="pairing", created_by=curator, groups=[group])
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    text = pdf_text(order.pdf.read())
    assert "студент – студент" in text and "ученик – ученик" not in text
