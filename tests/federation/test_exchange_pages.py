"""The office's registry pages and the school's exchange page, in one installation at a time."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from federation.models import HubConnection, MemberSchool, PackageSending, ReceivedPackage
from federation.school.sending import max_attempts, sending_request, sending_run, sendings_sweep
from tests import factories
from tests.federation.helpers import make_hub, sample_package

pytestmark = pytest.mark.django_db
DEAD = "http://127.0.0.1:16899"  # kept closed (tests/faults/servers.py)


@pytest.fixture
def methodist(db):
    make_hub()
    return factories.UserFactory(username="methodist", roles=["curator"])


def test_registering_a_school_shows_its_code_once(client, methodist):
    client.force_login(methodist)
    response = client.post("/municipal/schools/new/", {"name": "МБОУ СШ № 9", "kind": "school", "contact": "Иванова"})
    assert response.status_code == 200
    school = MemberSchool.objects.get(name="МБОУ СШ № 9")
    code = response.context["code"]
    assert code in response.content.decode() and school.connection_code_hash and code not in school.connection_code_hash
    assert code not in client.get(f"/municipal/schools/{school.pk}/").content.decode()
    listing = client.get("/municipal/schools/").content.decode()
    assert "МБОУ СШ № 9" in listing and "пакетов пока нет" in listing


def test_a_duplicate_school_name_is_a_form_error(client, methodist):
    client.force_login(methodist)
    client.post("/municipal/schools/new/", {"name": "МБОУ СШ № 9", "kind": "school"})
    response = client.post("/municipal/schools/new/", {"name": "мбоу сш № 9", "kind": "school"})
    assert response.status_code == 200 and "уже зарегистрирована" in response.content.decode()


def test_the_methodist_uploads_a_package_file_with_the_same_checks(client, methodist):
    client.force_login(methodist)
    year = factories.AcademicYearFactory()
    client.post("/municipal/schools/new/", {"name": "МБОУ СШ № 7", "kind": "school"})
    school = MemberSchool.objects.get()
    raw = json.dumps(sample_package(year.title, name="МБОУ СШ № 7"), ensure_ascii=False).encode()
    upload = SimpleUploadedFile("package.json", raw, content_type="application/json")
    response = client.post(f"/municipal/schools/{school.pk}/upload/", {"file": upload}, follow=True)
    assert "Пакет принят" in response.content.decode()
    again = client.post(f"/municipal/schools/{school.pk}/upload/", {"file": SimpleUploadedFile("p.json", raw)},
                        follow=True)  # fmt: skip
    assert "уже был получен" in again.content.decode()
    other = json.dumps(sample_package(year.title, name="МБОУ СШ № 99"), ensure_ascii=False).encode()
    refused = client.post(f"/municipal/schools/{school.pk}/upload/", {"file": SimpleUploadedFile("p.json", other)},
                          follow=True)  # fmt: skip
    assert "МБОУ СШ № 99" in refused.content.decode() and "Пакет отклонён" in refused.content.decode()
    assert list(ReceivedPackage.objects.values_list("status", "via_file").order_by("pk")) == [
        ("accepted", True), ("refused", True)]  # fmt: skip


def test_the_school_page_connects_and_explains_an_unreachable_office(client, organisation, curator):
    client.force_login(curator)
    assert "Подключить" in client.get("/federation/").content.decode()
    response = client.post("/federation/", {"hub_url": DEAD, "code": "AAAA-BBBB-CCCC"})
    assert "Муниципалитет не отвечает" in response.content.decode()
    plain = client.post("/federation/", {"hub_url": "http://uo.example.ru", "code": "x"})
    assert "https://" in plain.content.decode()
    assert not HubConnection.objects.exists()
    response = client.post("/federation/send/", follow=True)
    assert "не подключена" in response.content.decode()


def _connected(url=DEAD):
    return HubConnection.objects.create(hub_url=url, token="t" * 40, connected_at=timezone.now())


def test_a_sending_waits_visibly_while_the_office_is_away_then_fails_with_a_reason(
    organisation, year, settings, django_capture_on_commit_callbacks
):
    settings.FEDERATION_RETRY_DELAYS = [60, 120]
    _connected()
    with django_capture_on_commit_callbacks(execute=False):  # the task is not run: the test drives each try
        sending = sending_request()
    assert sending_request().pk == sending.pk  # one sending at a time
    for attempt in range(1, max_attempts()):
        with django_capture_on_commit_callbacks(execute=False):
            sending_run(sending_id=sending.pk)
        sending.refresh_from_db()
        assert (sending.status, sending.attempts) == ("retrying", attempt)
        assert sending.next_attempt_at > timezone.now() and "следующая попытка" in sending.message
    sending_run(sending_id=sending.pk)
    sending.refresh_from_db()
    assert sending.status == "failed" and "не ответил после попыток: 3" in sending.message


def test_the_sweeper_requeues_a_sending_whose_worker_died(organisation, year, settings):
    _connected()
    sending = PackageSending.objects.create(status="running", attempts=1, progress_total=3,
                                            heartbeat_at=timezone.now() - timezone.timedelta(hours=1))  # fmt: skip
    settings.CELERY_TASK_ALWAYS_EAGER = True
    counts = sendings_sweep()
    assert counts == {"requeued": 1, "failed": 0}
    sending.refresh_from_db()
    assert sending.status in ("retrying", "queued", "failed") and sending.attempts >= 1


def test_the_package_file_is_downloaded_and_recorded(client, organisation, year, curator):
    client.force_login(curator)
    response = client.post("/federation/file/")
    sending = PackageSending.objects.get(trigger="file")
    assert response.status_code == 302 and response.url == f"/federation/sendings/{sending.pk}/download/"
    download = client.get(response.url)
    body = json.loads(b"".join(download.streaming_content))
    assert body["schema"] == "mentoring-office/package" and body["academic_year"]["title"] == year.title
    assert "attachment" in download["Content-Disposition"]
