"""The office's registry pages and the school's exchange page, in one installation at a time."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federation.hub.registry import school_register
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
    overdue = PackageSending.objects.create(status="retrying", attempts=2, progress_total=3, message="ждёт",
                                            next_attempt_at=timezone.now() - timezone.timedelta(hours=1))  # fmt: skip
    alive = PackageSending.objects.create(status="running", attempts=1, progress_total=3, heartbeat_at=timezone.now())
    settings.FEDERATION_RETRY_DELAYS = [1]
    last_try = PackageSending.objects.create(status="running", attempts=2, progress_total=3,
                                             heartbeat_at=timezone.now() - timezone.timedelta(hours=1))  # fmt: skip
    assert sendings_sweep() == {"requeued": 2, "failed": 1}
    statuses = dict(PackageSending.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in (sending, overdue, alive, last_try)] == ["queued", "queued", "running", "failed"]
    assert "прерывалась" in PackageSending.objects.get(pk=last_try.pk).message


def test_the_nightly_job_queues_a_sending_only_on_a_connected_school(organisation, year):
    from federation.tasks import send_nightly_package

    assert send_nightly_package() is None  # not connected
    _connected()
    sending = PackageSending.objects.get(pk=send_nightly_package())
    assert sending.trigger == "nightly" and sending.status == "queued"


def test_the_registry_costs_the_same_for_3_and_30_schools(client, methodist):
    client.force_login(methodist)
    counts = []
    for total in (3, 30):
        while MemberSchool.objects.count() < total:
            school_register(name=f"Школа {MemberSchool.objects.count() + 1}", kind="school")
        client.get("/municipal/schools/")  # warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/municipal/schools/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_package_file_is_downloaded_and_recorded(client, organisation, year, curator):
    client.force_login(curator)
    response = client.post("/federation/file/")
    sending = PackageSending.objects.get(trigger="file")
    assert response.status_code == 302 and response.url == f"/federation/sendings/{sending.pk}/download/"
    download = client.get(response.url)
    body = json.loads(b"".join(download.streaming_content))
    assert body["schema"] == "mentoring-office/package" and body["academic_year"]["title"] == year.title
    assert "attachment" in download["Content-Disposition"]


def test_the_offices_answer_shows_on_the_roadmap_and_the_dashboard(client, organisation, year, curator):
    from federation.school.connection import feedback_store

    client.force_login(curator)
    assert 'data-panel="hub-decision"' not in client.get("/roadmap/").content.decode()
    feedback_store({
        "roadmap_decisions": [{"academic_year": year.title, "decision": "returned", "comment": "Добавьте сроки",
                               "decided_at": timezone.now().isoformat()}],
        "letters": [{"id": 7, "title": "О мониторинге", "text": "Просим направить данные до 10 декабря.",
                     "published_at": timezone.now().isoformat(), "has_pdf": False},
                    {"id": "junk"}, "junk"],
        "cases": [],
    })  # fmt: skip
    roadmap = client.get("/roadmap/").content.decode()
    assert 'data-decision="returned"' in roadmap and "Добавьте сроки" in roadmap
    home = client.get("/home/curator/").content.decode()
    assert "О мониторинге" in home and "Просим направить данные" in home
    feedback_store({"letters": [{"id": 7, "title": "Другое", "text": "x", "published_at": None}]})  # known: kept
    assert "О мониторинге" in client.get("/home/curator/").content.decode()


def test_the_package_costs_the_same_queries_for_a_small_and_a_big_school(organisation, year, curator):
    from federation.package.build import package_build
    from tests import factories_roadmap
    from tests.factories_public import case, completed_group

    stage = factories_roadmap.RoadmapStageFactory(year=year)
    counts = []
    for _round in range(2):
        for _ in range(1 if not counts else 15):
            factories_roadmap.RoadmapItemFactory(stage=stage)
            case(completed_group(year=year), by=curator)
        with CaptureQueriesContext(connection) as queries:
            package = package_build()
        counts.append(len(queries))
    assert len(package["roadmap"]["items"]) == 16 and len(package["cases"]) == 16
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("address", "allow_http", "expected"),
    [
        ("https://uo.example.ru/", False, "https://uo.example.ru"),
        ("http://127.0.0.1:8000", False, "http://127.0.0.1:8000"),
        ("http://localhost:8000/hub/", False, "http://localhost:8000/hub"),
        ("http://uo.example.ru", False, None),
        ("http://uo.example.ru", True, "http://uo.example.ru"),
        ("ftp://uo.example.ru", True, None),
        ("file:///etc/passwd", True, None),
        ("https://user:pw@uo.example.ru", False, None),
        ("https://uo.example.ru/?x=1", False, None),
    ],
)
def test_the_office_address_is_https_unless_local_or_allowed(settings, address, allow_http, expected):
    from django.core.exceptions import ValidationError

    from federation.school.client import hub_base_url

    settings.FEDERATION_ALLOW_HTTP = allow_http
    if expected is None:
        with pytest.raises(ValidationError):
            hub_base_url(address)
    else:
        assert hub_base_url(address) == expected


def test_a_sending_never_started_fails_with_a_reason_after_the_queue_limit(organisation, year, settings):
    _connected()
    old = timezone.now() - timezone.timedelta(seconds=settings.FEDERATION_QUEUED_LIMIT_SECONDS + 60)
    sending = PackageSending.objects.create(status="queued", progress_total=3)
    PackageSending.objects.filter(pk=sending.pk).update(created_at=old, heartbeat_at=old)
    assert sendings_sweep() == {"requeued": 0, "failed": 1}
    sending.refresh_from_db()
    assert sending.status == "failed" and "так и не началась" in sending.message


def test_send_now_with_the_job_queue_down_fails_at_once_with_a_reason(
    client, organisation, year, curator, django_capture_on_commit_callbacks
):
    from tests.faults.servers import DEAD_PORT, celery_publishing_to

    _connected()
    client.force_login(curator)
    with celery_publishing_to(f"redis://127.0.0.1:{DEAD_PORT}/0") as app:
        saved, app.conf.task_publish_retry = app.conf.task_publish_retry, False
        try:
            with django_capture_on_commit_callbacks(execute=True):
                client.post("/federation/send/")
        finally:
            app.conf.task_publish_retry = saved
    sending = PackageSending.objects.get()
    assert sending.status == "failed" and "очередь заданий" in sending.message.lower()


def test_a_long_wait_is_left_to_the_sweeper_not_to_a_countdown(organisation, year, settings,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    settings.FEDERATION_RETRY_DELAYS = [5, 10 * 3600]
    _connected()
    with django_capture_on_commit_callbacks(execute=False):
        sending = sending_request()
    with django_capture_on_commit_callbacks(execute=False) as short:
        sending_run(sending_id=sending.pk)
    assert len(short) == 1  # a short wait: the message comes back with a countdown
    with django_capture_on_commit_callbacks(execute=False) as long:
        sending_run(sending_id=sending.pk)
    sending.refresh_from_db()
    assert sending.status == "retrying" and long == []  # ten hours: the sweeper enqueues it when it is due
