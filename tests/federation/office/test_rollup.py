"""The roll-up: sums not averages, targets and highlighting, silent schools, XLSX cells, queries constant."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from federation.models import IndicatorTarget
from federation.office.exports import rollup_xlsx
from federation.office.rollup import rollup
from tests import factories

from .hubdata import YEAR, hub, package, school

pytestmark = pytest.mark.django_db


def _indicator(data, code):
    return next(i for i in data["indicators"] if i.code == code)


def test_municipal_share_is_the_sum_of_numerators_over_denominators_not_an_average():
    hub()
    package(school("А"), indicators={"share_students_mentees": (1, 10)})
    package(school("Б"), indicators={"share_students_mentees": (9, 10)})
    total = _indicator(rollup(YEAR), "share_students_mentees").total
    assert (total.numerator, total.denominator, total.percent) == (10, 20, Decimal("50.0"))  # not 55


def test_a_school_without_denominator_is_left_out_of_the_share_and_counts_are_summed():
    hub()
    package(school("А"), indicators={"share_involved": (30, 100), "meetings": (12, None)})
    package(school("Б"), indicators={"share_involved": (50, None), "meetings": (8, None)})
    data = rollup(YEAR)
    share = _indicator(data, "share_involved")
    assert (share.total.numerator, share.total.denominator, share.total.percent) == (30, 100, Decimal("30.0"))
    meetings = _indicator(data, "meetings")
    assert not meetings.is_share and meetings.total.numerator == 20


def test_the_federal_target_applies_and_schools_below_are_highlighted():
    hub()
    package(school("А"), indicators={"share_involved": (80, 100), "share_students_mentors": (5, 100)})
    package(school("Б"), indicators={"share_involved": (60, 100), "share_students_mentors": (30, 100)})
    IndicatorTarget.objects.create(academic_year=YEAR, code="share_students_mentors", target_percent=Decimal("20"))
    data = rollup(YEAR)
    involved, mentors = _indicator(data, "share_involved"), _indicator(data, "share_students_mentors")
    assert involved.target == Decimal("70") and mentors.target == Decimal("20")
    rows = {r.school.name: r for r in data["rows"]}
    column = data["indicators"].index(involved)
    assert not rows["А"].cells[column].below and rows["Б"].cells[column].below
    assert rows["А"].cells[data["indicators"].index(mentors)].below
    assert involved.below_count == 1 and mentors.below_count == 1
    assert not involved.total.below  # 140/200 = 70 %: reaches the target


def test_a_school_that_sent_nothing_this_year_is_shown_as_such(client):
    hub()
    package(school("Прислала"), indicators={"share_involved": (70, 100)})
    package(school("Только прошлый год"), year="2025/2026", indicators={"share_involved": (1, 100)})
    school("Новая")
    data = rollup(YEAR)
    assert data["silent"] == 2
    assert {r.school.name for r in data["rows"] if not r.sent} == {"Только прошлый год", "Новая"}
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    page = client.get("/municipal/rollup/").content.decode()
    assert page.count("data-silent-school") == 2 and "не присылала данные в этом году" in page


def test_xlsx_has_a_row_per_school_and_the_municipal_total():
    hub()
    package(school("А"), indicators={"share_involved": (1, 10)})
    package(school("Б"), indicators={"share_involved": (9, 10)})
    school("В")
    ws = load_workbook(io.BytesIO(rollup_xlsx(YEAR, rollup(YEAR), "Управление"))).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    header, body = rows[0], rows[1:]
    assert header[2:5] == [
        "Доля обучающихся и педагогов, вовлечённых в наставничество: числитель",
        "Доля обучающихся и педагогов, вовлечённых в наставничество: знаменатель",
        "Доля обучающихся и педагогов, вовлечённых в наставничество, %",
    ] or header[2].endswith("числитель")
    by_name = {r[0]: r for r in body}
    assert by_name["А"][2:5] == [1, 10, 10.0] and by_name["Б"][2:5] == [9, 10, 90.0]
    assert by_name["В"][1] == "не присылала данные в этом году"
    assert by_name["Муниципалитет, итого"][2:5] == [10, 20, 50.0]
    assert ws.cell(row=3, column=5).fill.fgColor.rgb.endswith("F8D7DA")  # А: 10 % < 70 %


def test_export_downloads_an_xlsx(client):
    hub()
    package(school("А"), indicators={"share_involved": (1, 10)})
    client.force_login(factories.UserFactory(username="head", roles=["director"]))
    response = client.get("/municipal/rollup/xlsx/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def _queries(client, count):
    for _n in range(count):
        package(school(), indicators={"share_involved": (5, 10), "meetings": (3, None)})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/municipal/rollup/").status_code == 200
    return len(ctx.captured_queries)


def test_the_rollup_page_costs_the_same_queries_for_3_and_30_schools(client):
    hub()
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    client.get("/municipal/rollup/")  # the session and the installation's kind cached, as on any later page
    small = _queries(client, 3)
    big = _queries(client, 27)
    assert small == big <= 14


def test_targets_are_set_and_cleared_from_the_page(client):
    hub()
    package(school("А"), indicators={"share_students_mentors": (1, 10)})
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    client.post(
        "/municipal/rollup/targets/", {"year": YEAR, "code": "share_students_mentors", "target_percent": "25,5"}
    )
    assert IndicatorTarget.objects.get(code="share_students_mentors").target_percent == Decimal("25.5")
    response = client.post("/municipal/rollup/targets/", {"code": "share_students_mentors", "target_percent": "200"})
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(code="share_students_mentors").target_percent == Decimal("25.5")
    client.post("/municipal/rollup/targets/", {"code": "share_students_mentors", "target_percent": ""})
    assert not IndicatorTarget.objects.exists()
