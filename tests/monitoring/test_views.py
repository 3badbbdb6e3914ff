"""The dashboard, the conclusions page and the exports: who may, what they show, and a constant query count."""

import io
import json

import jsonschema
import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from reports.models import AnnualReport
from reports.monitoring import exports
from reports.monitoring import indicators as ind
from tests import factories
from tests.factories_monitoring import bulk_school, known_school

pytestmark = pytest.mark.django_db

DASHBOARD = "/monitoring/"


@pytest.fixture
def school(year, organisation):
    return known_school(year)


@pytest.fixture
def methodist(db):
    return factories.UserFactory(roles=["methodical_council"], username="methodist")


# --- access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist"])
def test_staff_see_the_dashboard(client, school, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["data"]["participants"]["totals"]["participants"] == 8


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        "/monitoring/export.xlsx",
        "/monitoring/export.json",
        "/monitoring/schema.json",
        "/monitoring/charts/participants.svg",
    ],
)
def test_mentors_and_mentees_may_not_open_monitoring(client, year, mentor_with_pair, mentee_user, url):
    for user in (mentor_with_pair, mentee_user):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, year):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_only_the_curator_writes_conclusions(client, year, director, curator):
    url = reverse("monitoring:conclusions", args=[year.pk])
    client.force_login(director)
    assert client.get(url).status_code == 403
    assert client.post(url, {"conclusions": "x", "save": "1"}).status_code == 403
    client.force_login(curator)
    assert client.get(url).status_code == 200


# --- dashboard ------------------------------------------------------------------------------------------------


def test_dashboard_shows_charts_tables_and_definitions(client, school, curator):
    client.force_login(curator)
    html = client.get(DASHBOARD).content.decode()
    for code in ("participants", "shares", "groups", "forms", "meetings", "satisfaction", "waiting"):
        assert f'data-chart="{code}"' in html
    assert 'src="/monitoring/charts/participants.svg?year=' in html
    assert 'data-kpi="participants">8<' in html
    assert escape(str(ind.DEFINITIONS["participants"])) in html  # the tooltip text
    assert "style=" not in html.split("<main", 1)[1]  # CSP: no inline styles on the page


def test_dashboard_filters_by_form(client, school, director):
    client.force_login(director)
    response = client.get(DASHBOARD, {"form": "student_student"})
    data = response.context["data"]
    assert data["filters"]["form"] == "student_student"
    assert data["groups"]["total"] == 1
    assert data["participants"]["totals"]["participants"] == 2


def test_unknown_year_is_404(client, year, curator):
    client.force_login(curator)
    assert client.get(DASHBOARD, {"year": "99999"}).status_code == 404


@pytest.mark.parametrize("people,groups", [(10, 3), (1000, 150)])
def test_dashboard_query_count_is_constant(
    client, year, organisation, curator, people, groups, django_assert_max_num_queries
):
    bulk_school(year, people=people, groups=groups)
    client.force_login(curator)
    client.get(DASHBOARD)  # warm caches (content types, roles)
    with django_assert_max_num_queries(25):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["data"]["groups"]["total"] == groups


# --- conclusions ----------------------------------------------------------------------------------------------


def test_conclusions_page_starts_from_the_draft_and_saves(client, school, year, curator):
    client.force_login(curator)
    url = reverse("monitoring:conclusions", args=[year.pk])
    draft = client.get(url).context["form"].initial["conclusions"]
    assert "8" in draft and year.title in draft
    response = client.post(url, {"conclusions": "Мои выводы по итогам года.", "save": "1"})
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=year)
    assert report.conclusions == "Мои выводы по итогам года."
    assert report.updated_by == curator
    assert client.get(url).context["form"].initial["conclusions"] == "Мои выводы по итогам года."


# --- exports --------------------------------------------------------------------------------------------------


def test_xlsx_export_holds_the_right_numbers(client, school, curator):
    client.force_login(curator)
    response = client.get("/monitoring/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(response.content))
    names = wb.sheetnames
    assert len(names) == len(set(names)) >= 12
    participants = wb[names[1]]
    rows = list(participants.iter_rows(values_only=True))
    assert rows[0][0] == "Категория"
    teacher = next(r for r in rows if r[0] == "Педагог")
    assert teacher[1:] == (4, 3, 1, 1, 3)
    shares = list(wb[names[2]].iter_rows(values_only=True))
    assert shares[1][1:] == (2, 5, 40.0)
    mentee_bank = wb[names[-2]]
    bank_rows = list(mentee_bank.iter_rows(values_only=True))
    assert bank_rows[0][0] == "ФИО наставляемого"
    names_in_bank = {r[0] for r in bank_rows[1:]}
    assert any("Ожидаев" in n for n in names_in_bank)
    assert not any("Безсогласия" in n for n in names_in_bank)  # no consent: not exported


def test_xlsx_cells_cannot_run_formulas(school, year):
    from mentoring.models import Question

    Question.objects.filter(text="Насколько эффективной была программа?").update(text='=HYPERLINK("http://x")')
    wb = load_workbook(io.BytesIO(exports.indicators_xlsx(ind.make_scope(year))))
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://x")' in texts
    assert not any(t.startswith("=") for t in texts)


def test_json_export_follows_its_schema_and_holds_no_names(client, school, curator):
    client.force_login(curator)
    payload = json.loads(client.get("/monitoring/export.json").content)
    schema = json.loads(client.get("/monitoring/schema.json").content)
    jsonschema.validate(payload, schema)
    assert payload["schema_version"] == exports.SCHEMA_VERSION
    assert payload["indicators"]["shares"]["share_students_mentees"] == {
        "code": "share_students_mentees", "part": 2, "whole": 5, "percent": 40.0,
    }  # fmt: skip
    assert payload["indicators"]["participants"]["totals"]["participants"] == 8
    text = json.dumps(payload, ensure_ascii=False)
    assert "Наставникова" not in text and "Ожидаев" not in text


def test_director_and_curator_homes_show_the_key_indicators(client, school, director, curator):
    for user, url in ((director, "/home/director/"), (curator, "/home/curator/")):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'data-panel="monitoring"' in html
        assert 'data-panel-kpi="participants">8<' in html
