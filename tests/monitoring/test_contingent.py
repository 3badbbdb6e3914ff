"""The involvement shares use the school's contingent as the denominator; without it they say so."""

import jsonschema
import pytest

from reports.monitoring import exports
from reports.monitoring import indicators as ind
from reports.monitoring.report import conclusions_draft
from tests import factories
from tests.factories_monitoring import known_school

pytestmark = pytest.mark.django_db


def test_with_a_contingent_the_shares_divide_by_it(year):
    known_school(year)  # contingent 5 pupils (5 aged 10–18, 2 aged 15–19), 6 teachers (3 young)
    s = ind.shares(ind.make_scope(year))
    assert s["contingent"] is True
    assert (s["share_students_mentees"]["whole"], s["share_students_mentees"]["percent"]) == (5, 40.0)
    assert (s["share_involved"]["part"], s["share_involved"]["whole"], s["share_involved"]["percent"]) == (8, 11, 72.7)


def test_the_curator_recording_her_own_consent_does_not_move_the_share(year):
    """The bug of the issue: 85,7 % → 75,0 % when one more consented person entered the register."""
    known_school(year)
    before = ind.shares(ind.make_scope(year))["share_involved"]["percent"]
    factories.PersonFactory(last_name="Кураторова")  # a teacher with a valid consent, in no group
    after = ind.shares(ind.make_scope(year))["share_involved"]["percent"]
    assert before == after == 72.7


def test_a_bigger_contingent_lowers_the_share(year):
    known_school(year)
    year.contingent.pupils_total, year.contingent.teachers = 30, 10
    year.contingent.save()
    assert ind.shares(ind.make_scope(year))["share_involved"]["percent"] == 20.0  # 8 of 40


def test_without_a_contingent_the_shares_have_no_number(year):
    known_school(year, contingent=False)
    s = ind.shares(ind.make_scope(year))
    assert s["contingent"] is False
    for code in ("share_students_mentees", "share_young_teachers_mentees", "share_students_mentors", "share_involved"):
        assert s[code]["whole"] is None and s[code]["percent"] is None
    assert s["share_students_mentees"]["part"] == 2  # the participants are still counted
    draft = conclusions_draft(ind.year_indicators(ind.make_scope(year)))
    assert "не рассчитана (контингент года не введён)" in draft


def test_the_json_export_stays_valid_without_a_contingent(year):
    known_school(year, contingent=False)
    payload = exports.indicators_json(ind.make_scope(year))
    jsonschema.validate(payload, exports.JSON_SCHEMA)
    assert payload["indicators"]["shares"]["share_involved"]["whole"] is None


@pytest.mark.parametrize("with_contingent", [True, False])
def test_dashboard_shows_the_share_or_says_the_contingent_is_missing(
    client, year, organisation, curator, with_contingent
):
    known_school(year, contingent=with_contingent)
    client.force_login(curator)
    text = client.get("/monitoring/").content.decode()
    if with_contingent:
        assert 'data-alert="no-contingent"' not in text
        assert "72.7%" in text or "72,7%" in text
    else:
        assert 'data-alert="no-contingent"' in text
        assert "контингент не введён" in text
        assert f"/mentoring/school/contingent/?year={year.pk}" in text


@pytest.mark.parametrize("with_contingent", [True, False])
def test_the_end_of_year_report_prints_the_share_or_says_the_contingent_is_missing(year, organisation, with_contingent):
    from django.utils.html import strip_tags

    from reports.monitoring.report import report_context
    from reports.pdf import render_html

    known_school(year, contingent=with_contingent)
    text = " ".join(strip_tags(render_html("documents/annual_report.html", report_context(year, "indicators"))).split())
    if with_contingent:
        assert "контингент не введён" not in text
        assert "72,7" in text or "72.7" in text
    else:
        assert "контингент не введён" in text
        assert "72,7" not in text and "72.7" not in text


def test_the_home_panel_says_the_contingent_is_missing(client, year, organisation, curator):
    from django.urls import reverse

    known_school(year, contingent=False)
    client.force_login(curator)
    text = client.get(reverse("curator_home")).content.decode()
    assert 'data-panel="monitoring"' in text and "data-no-contingent" in text
