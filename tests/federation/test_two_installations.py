"""Two installations in one test run: a school (the pytest database, its live server and a real Celery worker) and
its municipal office (its own database and gunicorn process). The school connects with the office's code and sends
its package through the worker; the office agrees the roadmap; the school sees it agreed. The office goes away → the
school's job waits and retries visibly, then succeeds once the office is back. A tampered token, a wrong schema and
a replayed package are refused or ignored, with Russian reasons.

Needs REDIS_URL and the PostgreSQL client tools. Run alone: pytest -m celery_worker tests/federation
"""

import json
import os
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from federation.models import HubConnection, HubDecision, HubLetter, PackageSending
from federation.package.build import package_build
from tests import factories, factories_roadmap
from tests.faults.servers import Worker, celery_publishing_to
from tests.federation.installations import HubInstallation, WebSession

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
FAST_RETRIES = "1,2,3,4,6"  # seconds before each new try while the office is away


@pytest.fixture
def broker():
    if not os.environ.get("REDIS_URL"):
        pytest.fail("REDIS_URL is not set: the federation's end-to-end test needs Redis")
    with celery_publishing_to(os.environ["REDIS_URL"]) as app:
        app.control.purge()
        yield


@pytest.fixture
def hub(tmp_path):
    hub = HubInstallation(tmp_path, connection.settings_dict)
    hub.code = hub.create()
    hub.start()
    yield hub
    hub.drop()


@pytest.fixture
def worker(broker, tmp_path):
    db = connection.settings_dict
    worker = Worker(
        tmp_path, "fedx-school",
        database_url=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        redis_url=os.environ["REDIS_URL"], FEDERATION_RETRY_DELAYS=FAST_RETRIES, FEDERATION_TIMEOUT_SECONDS=5,
    ).start(celery_app)  # fmt: skip
    yield worker
    worker.stop()


@pytest.fixture
def school(db):
    factories.OrganisationFactory(short_name="МБОУ СШ № 1")
    year = factories.AcademicYearFactory()
    stage = factories_roadmap.RoadmapStageFactory(year=year)
    for _ in range(3):
        factories_roadmap.RoadmapItemFactory(stage=stage)
    factories.UserFactory(username="curator", roles=["curator"])
    return year


def _send_and_wait(session, until=("done", "refused", "failed"), timeout=40) -> PackageSending:
    _status, url, page = session.post("/federation/send/", {})
    assert url.endswith("/federation/"), page[-500:]
    sending = PackageSending.objects.order_by("-pk").first()
    return _wait(sending, until, timeout)


def _wait(sending, until, timeout=40, seen=None) -> PackageSending:
    seen = seen if seen is not None else []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sending.refresh_from_db()
        if not seen or seen[-1] != sending.status:
            seen.append(sending.status)
        if sending.status in until:
            return sending
        time.sleep(0.1)
    pytest.fail(f"sending {sending.pk}: statuses {seen}, message {sending.message!r}")


def _post_package(hub, token, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(hub.url + "/api/federation/v1/packages", method="POST",
                                     data=json.dumps(body, ensure_ascii=False).encode(),
                                     headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_school_and_its_office_exchange_packages(school, hub, worker, live_server):
    year = school
    curator = WebSession(live_server.url)
    assert curator.login("curator", "secret-pass-123")
    office = WebSession(hub.url)
    assert not office.login("curator", "secret-pass-123"), "a school's user must not log in to the office"
    assert office.login("methodist", "hub-pass-123")

    # The school connects with the office's address and its one-time code.
    _status, _url, page = curator.post("/federation/", {"hub_url": hub.url, "code": hub.code})
    assert "Школа подключена к муниципалитету" in page, page[-1500:]
    assert HubConnection.objects.get().hub_url == hub.url

    # «Отправить сейчас»: the worker sends the package; the progress endpoint reports it done.
    sent = _send_and_wait(curator)
    assert (sent.status, sent.message) == ("done", "принято"), sent.message
    assert curator.json(f"/federation/sendings/{sent.pk}/status/")["status"] == "done"
    assert "принято" in curator.get("/federation/")[1]
    assert hub.psql("SELECT count(*) FROM federation_schoolroadmapitem", hub.name) == "3"
    # The office's letter came back with the answer, its PDF fetched with the token; the dashboard shows it.
    letter = HubLetter.objects.get()
    assert letter.title == "О мониторинге наставничества" and letter.pdf.read().startswith(b"%PDF")
    assert "Просим проверить показатели" in curator.get("/home/curator/")[1]

    # The office agrees the roadmap on its page; the next exchange brings the decision back to the school.
    agreement_id, checksum = hub.psql("SELECT id, roadmap_checksum FROM federation_roadmapagreement",
                                      hub.name).split("|")  # fmt: skip
    _status, url, page = office.post(f"/municipal/agreements/{agreement_id}/",
                                     {"decision": "agreed", "comment": "", "checksum": checksum})  # fmt: skip
    assert url.endswith("/municipal/agreements/"), page[-1500:]
    assert _send_and_wait(curator).status == "done"
    assert HubDecision.objects.get(academic_year=year.title).decision == "agreed"
    assert "согласована" in curator.get("/federation/")[1]
    assert 'data-decision="agreed"' in curator.get("/roadmap/")[1]  # the school's roadmap page shows the decision
    assert HubLetter.objects.count() == 1  # the letter the school has is not sent again

    # The office goes away: the sending waits and retries visibly, and succeeds once the office is back.
    hub.stop()
    factories_roadmap.RoadmapItemFactory(stage=year.roadmap_stages.get())  # something new to send
    curator.post("/federation/send/", {})
    sending = PackageSending.objects.order_by("-pk").first()
    seen = []
    _wait(sending, ("retrying",), seen=seen)
    assert sending.next_attempt_at > timezone.now() - timezone.timedelta(seconds=2)
    assert "Муниципалитет не отвечает" in sending.message and "следующая попытка" in sending.message
    assert curator.json(f"/federation/sendings/{sending.pk}/status/")["notice"] == sending.message
    hub.start()
    _wait(sending, ("done", "failed", "refused"), timeout=30, seen=seen)
    assert sending.status == "done" and sending.attempts >= 2, (seen, sending.message)
    assert hub.psql("SELECT count(*) FROM federation_schoolroadmapitem", hub.name) == "4"
    # The new roadmap awaits a new decision, and the school is told so.
    assert HubDecision.objects.get(academic_year=year.title).decision == "awaiting"

    # A tampered token is refused, with the reason on the school's page; no retry for a refusal.
    real = HubConnection.objects.get().token
    HubConnection.objects.update(token=real[:-2] + "xx")
    refused = _send_and_wait(curator)
    assert refused.status == "refused" and "токен" in refused.message and refused.attempts == 1
    assert refused.message in curator.get("/federation/")[1]
    HubConnection.objects.update(token=real)

    # Straight to the API with the real token: a wrong schema is refused; a replay changes nothing or is refused.
    package = package_build()
    status, answer = _post_package(hub, real, {**package, "schema_version": 99})
    assert status == 400 and "схеме" in answer["error"]
    assert _post_package(hub, real, package)[1]["status"] == "unchanged"  # the content the office already has
    older = {**package, "generated_at": "2020-01-01T00:00:00+03:00", "orders": [
        {"number": "9-од", "date": year.start_date.isoformat(), "title": "О другом"}]}  # fmt: skip
    status, answer = _post_package(hub, real, older)
    assert status == 409 and "раньше последнего принятого" in answer["error"]
    accepted = hub.psql("SELECT count(*) FROM federation_receivedpackage WHERE status = 'accepted'", hub.name)
    assert accepted == "3"  # the first, the second (it lists the letter it now has), the one after the outage
