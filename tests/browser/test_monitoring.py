"""The director opens the monitoring dashboard, filters by form, requests the end-of-year report, watches its
progress bar move section by section, and downloads the PDF.

The job is rendered by `document_render` — the Celery task's body — in a background thread instead of a worker
process, with a short pause per part (DOCUMENTS_PART_DELAY), so the page has time to show progress.
"""

import threading

import pytest
from django.db import connection, transaction

from mentoring.models import MentoringGroup
from reports.services import documents as documents_service
from tests import factories
from tests.factories_monitoring import bulk_school
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def background_engine(monkeypatch, settings):
    settings.DOCUMENTS_PART_DELAY = 0.4
    threads = []

    def enqueue(document):
        document_id = str(document.pk)

        def run():
            try:
                documents_service.document_render(document_id=document_id)
            finally:
                connection.close()

        def start():
            thread = threading.Thread(target=run, daemon=True)
            threads.append(thread)
            thread.start()

        transaction.on_commit(start)

    monkeypatch.setattr(documents_service, "enqueue_on_commit", enqueue)
    yield
    for thread in threads:
        thread.join(timeout=60)


def test_director_filters_the_dashboard_and_downloads_the_report_after_its_progress(
    page, live_server, login_as, background_engine, tmp_path
):
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    bulk_school(year, people=60, groups=12)
    factories.UserFactory(roles=["director"], username="director")
    pupil_groups = MentoringGroup.objects.filter(year=year, form="student_student").count()
    assert 0 < pupil_groups < 12

    login_as("director")
    page.get_by_role("link", name="Мониторинг", exact=True).click()
    page.wait_for_url("**/monitoring/")
    assert page.locator("h1").inner_text() == "Мониторинг программы наставничества"
    assert page.locator("[data-kpi=groups]").inner_text() == "12"
    assert page.locator("img[data-chart=participants]").get_attribute("alt") == "Участники по категориям и ролям"
    # The charts are images served by URL from the cache of their data version: each one loads and is drawn.
    page.wait_for_function("[...document.querySelectorAll('img[data-chart]')].every(i => i.complete)")
    widths = page.eval_on_selector_all("img[data-chart]", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 7 and all(w > 100 for w in widths)
    # The definition is there as a tooltip.
    assert "Участники: учитываемые лица" in page.locator("[data-definition=participants]").get_attribute("title")

    page.select_option("select[name=form]", "student_student")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**form=student_student**")
    assert page.locator("[data-kpi=groups]").inner_text() == str(pupil_groups)
    assert page.locator("select[name=form]").input_value() == "student_student"

    page.get_by_role("button", name="Итоговый отчёт (PDF)").click()
    page.wait_for_url("**/documents/*/")
    bar = page.locator("#document-job progress")
    total = int(bar.get_attribute("max"))
    assert total == 8  # six sections and the twelve groups in two chunks
    seen = set()
    for _ in range(200):
        value = int(bar.evaluate("el => el.value"))
        seen.add(value)
        if page.locator("[data-role=download]").is_visible():
            break
        page.wait_for_timeout(100)
    assert any(0 < v < total for v in seen), f"the progress bar never showed a part done: {sorted(seen)}"
    assert page.locator("[data-role=count]").inner_text() == f"{total} / {total}"

    with page.expect_download() as download_info:
        page.locator("[data-role=download]").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path)
    assert "Отчёт о реализации программы наставничества" in text
    assert "2. Показатели года" in text
    assert "6. Лучшие практики" in text
