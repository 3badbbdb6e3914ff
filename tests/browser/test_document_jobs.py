"""A job nobody works on (its message lost with a restarted broker): the progress page stops promising, says what
happened and offers «Сформировать повторно»; pressing it gives the PDF. A failed job: the reason, no more polling."""

import datetime

import pytest
from django.utils import timezone

from reports.models import GeneratedDocument
from reports.services import document_request
from reports.services import documents as documents_service
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stuck_job_is_said_to_be_stuck_and_generating_it_again_gives_the_pdf(
    page, live_server, login_as, monkeypatch, tmp_path
):
    factories.OrganisationFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    pupil = factories.StudentFactory(grade="9Б")
    monkeypatch.setattr(documents_service, "enqueue_on_commit", lambda document: None)  # the message is lost
    document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "9Б"})
    monkeypatch.undo()

    login_as("curator")
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    assert page.locator("[data-role=waiting]").is_visible()
    assert not page.locator("[data-role=failed]").is_visible()

    GeneratedDocument.objects.filter(pk=document.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=1))
    page.locator("[data-role=stuck]").wait_for(state="visible", timeout=15000)
    assert "Документ сейчас никто не формирует" in page.locator("[data-role=stuck]").inner_text()
    assert not page.locator("[data-role=waiting]").is_visible()
    page.screenshot(path=str(tmp_path / "stuck.png"), full_page=True)

    page.get_by_role("button", name="Сформировать повторно").click()
    page.locator("[data-role=download]").wait_for(state="visible", timeout=30000)
    document.refresh_from_db()
    assert document.status == "done" and pupil.full_name
    assert not page.locator("[data-role=failed]").is_visible()


def test_a_failed_job_shows_its_reason_and_stops_polling(page, live_server, login_as):
    factories.OrganisationFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    factories.StudentFactory(grade="9Б")
    document = GeneratedDocument.objects.create(
        kind="consent_forms",
        params={"grade": "9Б"},
        title="Согласия: 9Б",
        requested_by=curator,
        status="running",
        progress_done=1,
        progress_total=2,
        queued_at=timezone.now(),
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    login_as("curator")
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "/status/" in request.url else None)
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="failed", error="Во время формирования документа база данных была недоступна."
    )
    page.locator("[data-role=failed]").wait_for(state="visible", timeout=15000)
    assert "база данных была недоступна" in page.locator("[data-role=error]").inner_text()
    assert not page.locator("[data-role=stuck]").is_visible()
    polled = len(requests)
    page.wait_for_timeout(3000)
    assert len(requests) == polled  # polling stopped
