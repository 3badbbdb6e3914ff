"""The indicators and charts are cached by data version: reused by the dashboard and the homes until the data
changes, redrawn after a change is committed, computed without the cache when it cannot be reached."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.choices import Category
from reports.monitoring import charts
from reports.monitoring import indicators as ind
from tests.factories_monitoring import group, known_school, person

pytestmark = pytest.mark.django_db

DASHBOARD = "/monitoring/"


@pytest.fixture
def school(year, organisation):
    return known_school(year)


@pytest.fixture
def drawn(monkeypatch):
    """Counts the charts drawn and the indicator computations (the real functions run)."""
    calls = {"charts": 0, "indicators": 0, "key": 0}
    real_charts, real_one, real_indicators, real_key = (
        charts.all_charts, charts.one_chart, ind.year_indicators, ind.key_figures
    )  # fmt: skip

    def count(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(charts, "all_charts", count("charts", real_charts))
    monkeypatch.setattr(charts, "one_chart", count("charts", real_one))
    monkeypatch.setattr(ind, "year_indicators", count("indicators", real_indicators))
    monkeypatch.setattr(ind, "key_figures", count("key", real_key))
    return calls


def _chart_urls(response) -> dict[str, str]:
    html = response.content.decode()
    found = re.findall(r'<img src="([^"]+)"[^>]*data-chart="(\w+)"', html)
    return {code: src.replace("&amp;", "&") for src, code in found}


def test_dashboard_reuses_cached_indicators_and_charts_until_the_data_changes(
    client, school, year, curator, drawn, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    first = client.get(DASHBOARD)
    assert (drawn["charts"], drawn["indicators"]) == (0, 1)  # the page carries the charts' URLs, not the charts
    urls = _chart_urls(first)
    assert len(urls) == 7
    svgs = {code: client.get(url).content for code, url in urls.items()}
    assert drawn["charts"] == 7
    assert all(client.get(url).content == svgs[code] for code, url in urls.items())
    assert drawn["charts"] == 7  # served from the cache
    with CaptureQueriesContext(connection) as queries:
        second = client.get(DASHBOARD)
    assert (drawn["charts"], drawn["indicators"]) == (7, 1)  # nothing recomputed, nothing redrawn
    assert second.context["charts"] == first.context["charts"]
    assert second.context["figures"] == first.context["figures"]
    assert len(queries) <= 5  # session, user, roles, the last report: no year, no indicator, no annual report

    before = second.context["data"]["participants"]["totals"]["participants"]
    with django_capture_on_commit_callbacks(execute=True):  # the bump runs after commit, as in production
        group(year, mentors=[person()], mentees=[person(Category.YOUNG_SPECIALIST, career_start_year=2025)])
    third = client.get(DASHBOARD)
    assert drawn["indicators"] == 2
    assert f'data-kpi="participants">{before + 2}<' in third.content.decode()
    new_urls = _chart_urls(third)
    assert new_urls["participants"] != urls["participants"]  # a new URL: the browser's copy is not used
    assert client.get(new_urls["participants"]).content != svgs["participants"]
    assert drawn["charts"] == 8


def test_a_chart_is_kept_by_the_browser_only_under_its_current_version(client, school, curator):
    client.force_login(curator)
    url = _chart_urls(client.get(DASHBOARD))["shares"]
    response = client.get(url)
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg") and b"<path" in response.content
    assert "private" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    stale = client.get(re.sub(r"v=[^&]+", "v=old", url))
    assert stale.status_code == 200 and "no-cache" in stale["Cache-Control"]
    assert client.get("/monitoring/charts/nothing.svg").status_code == 404


def test_the_home_panel_reuses_the_dashboards_key_figures(client, school, curator, director, drawn):
    client.force_login(curator)
    client.get(DASHBOARD)
    computed = drawn["key"]
    assert computed >= 1  # the table of years
    html = client.get("/home/curator/").content.decode()
    client.force_login(director)
    client.get("/home/director/")
    assert drawn["key"] == computed  # both homes read the figures the dashboard cached
    assert 'data-panel-kpi="participants">8<' in html


def test_a_write_in_a_rolled_back_transaction_does_not_bump(client, school, year, curator, drawn):
    client.force_login(curator)
    client.get(DASHBOARD)
    person()  # inside the test's transaction: no commit, so no bump
    client.get(DASHBOARD)
    assert drawn["indicators"] == 1


def test_the_pdf_report_uses_the_cached_charts(school, year, drawn):
    from reports.monitoring.report import report_context

    first = report_context(year, "indicators")
    second = report_context(year, "indicators")
    assert drawn["charts"] == 1
    assert first["charts"] == second["charts"]
    assert "<text" in first["charts"]["participants"]  # the PDF keeps text, the page gets paths


def test_an_unreachable_cache_computes_the_figures(client, school, curator, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    client.force_login(curator)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert 'data-kpi="participants">8<' in response.content.decode()


def test_the_dashboard_shows_saved_conclusions_after_the_commit(
    client, school, year, curator, django_capture_on_commit_callbacks
):
    from reports.monitoring.services import annual_report_save_conclusions

    client.force_login(curator)
    assert "Выводы куратора ещё не написаны" in client.get(DASHBOARD).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        annual_report_save_conclusions(year=year, text="Выводы.", user=curator)
    assert "Выводы куратора написаны." in client.get(DASHBOARD).content.decode()


def test_the_feedback_sync_bulk_writes_bump_the_version(school, year, django_capture_on_commit_callbacks):
    """The periodic forms job writes in bulk (no post_save): it tells the cache itself, after commit."""
    from programmes.services import feedback_requests_sync
    from reports.monitoring import cache
    from tests.factories_monitoring import feedback_request

    feedback_request(school.groups["G6"], school.people["Y3"], "mentee", kind="satisfaction")  # of a terminated group
    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_requests_sync()
    assert cache.version() != before
    unchanged = cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_requests_sync()  # nothing left to write: no bump
    assert cache.version() == unchanged
