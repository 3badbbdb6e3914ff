"""Issue 14 §4: the wide tables (banks, the roadmap editor, monitoring) fit a 1280 px screen.

Each table's scroll width is compared with its box: the columns wrap, nothing is cut at the right edge (no
clipped «согласие» column, «Добавить пун…» or «запланирова»), and the page itself never scrolls sideways.
The school has long unbroken values (e-mails, representatives' names) where they hurt most.
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from mentoring.choices import Category, Role
from mentoring.models import MenteeProfile, MentorProfile, Person
from roadmap.services import roadmap_create_from_template
from tests import factories
from tests.factories_monitoring import bulk_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const tables = Array.from(document.querySelectorAll('main table')).map(t => {
    const box = t.closest('.table-responsive') || t.parentElement;
    const clipped = Array.from(t.querySelectorAll('th, td'))
      .filter(c => c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1)
      .map(c => c.innerText.trim().slice(0, 30));
    return {name: t.dataset.table || t.className, table: t.scrollWidth, box: box.clientWidth, clipped};
  });
  return {page: document.documentElement.scrollWidth, window: window.innerWidth, tables};
}"""


def _school():
    for role in Role.values:  # a transactional test may run after a flush that emptied the roles table
        Group.objects.get_or_create(name=role)
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    bulk_school(year, people=48, groups=8)
    for i, person in enumerate(Person.objects.filter(category=Category.TEACHER)[:6]):
        person.email = f"very.long.address.of.teacher.number{i}@secondary-school-71.kirov.example"
        person.phone = "+7 (912) 345-67-89, доб. 123"
        person.workplace = "МБОУ «Средняя общеобразовательная школа с углублённым изучением отдельных предметов № 71»"
        person.save()
        MentorProfile.objects.get_or_create(person=person, year=year, defaults={"competencies": "Опыт " * 40})
    for person in Person.objects.filter(category=Category.STUDENT)[:6]:
        MenteeProfile.objects.get_or_create(
            person=person,
            year=year,
            defaults={"entered_on": datetime.date.today(), "request_text": "Подготовка к олимпиаде по математике"},
        )
    roadmap_create_from_template(year=year)
    factories.UserFactory(roles=["curator"], username="curator")
    return year


@pytest.mark.parametrize("width", [1280])
def test_wide_tables_fit_the_screen(page, live_server, login_as, width):
    _school()
    page.set_viewport_size({"width": width, "height": 900})
    login_as("curator")
    for path in ("/mentoring/banks/mentees/", "/mentoring/banks/mentors/", "/roadmap/", "/monitoring/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state()
        result = page.evaluate(MEASURE)
        assert result["tables"], path
        assert result["page"] <= result["window"], (path, result["page"])
        for table in result["tables"]:
            assert table["table"] <= table["box"] + 1, (path, table)
            assert table["clipped"] == [], (path, table)
