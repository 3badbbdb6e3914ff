"""Preview and commit run as jobs: the pages, progress, choices, cancel, who may see a job, and every job ends."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring.imports.jobs import import_job_start, import_jobs_sweep
from mentoring.models import ImportJob, MenteeProfile, Person
from tests import factories
from tests.factories_imports import raw_xlsx, truncated_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["ФИО", "Категория", "Класс", "Дата рождения"]


def people_file(count: int = 3) -> bytes:
    return raw_xlsx(HEADER, [[f"Ученик{i} Иван", "обучающийся", "7А", "01.09.2012"] for i in range(count)])


def upload(client, content: bytes, target: str = "people", name: str = "list.xlsx", capture=None):
    with capture(execute=True):
        response = client.post(
            reverse("mentoring:import_upload"), {"target": target, "file": SimpleUploadedFile(name, content)}
        )
    return response


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def test_upload_runs_the_preview_as_a_job_and_saves_nothing(curator_client, django_capture_on_commit_callbacks):
    response = upload(curator_client, people_file(), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == reverse("mentoring:import_job", args=[job.pk])
    assert (job.stage, job.status, job.progress_done, job.applied) == ("preview", "done", 100, False)
    assert default_storage.exists(job.upload) and not Person.objects.exists()
    page = curator_client.get(response.url).content.decode()
    assert "новый человек" in page and 'id="confirm-import"' in page and "Ученик2 Иван" in page
    status = curator_client.get(reverse("mentoring:import_job_status", args=[job.pk])).json()
    assert (status["status"], status["done"], status["total"]) == ("done", 100, 100)


def test_confirm_runs_the_commit_as_a_job_and_drops_the_upload(curator_client, django_capture_on_commit_callbacks):
    upload(curator_client, people_file(), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(reverse("mentoring:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.stage, job.status, job.applied) == ("commit", "done", True)
    assert Person.objects.count() == 3 and not default_storage.exists(job.upload)
    page = curator_client.get(response.url).content.decode()
    assert "Импорт завершён: добавлено — 3" in page


def test_a_job_page_polls_until_the_job_ends(curator_client, curator):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    page = curator_client.get(reverse("mentoring:import_job", args=[job.pk])).content.decode()
    # Not run: on_commit never fired inside the test's transaction, so the job waits in the queue.
    assert 'id="document-job" data-reload' in page and "js/progress.js" in page and "Файл проверяется" in page


def test_an_ambiguous_row_is_imported_as_the_person_the_curator_chose(
    curator_client, django_capture_on_commit_callbacks
):
    first = factories.StudentFactory(last_name="Двойня", first_name="Анна", patronymic="", grade="7А")
    second = factories.StudentFactory(last_name="Двойня", first_name="Анна", patronymic="", grade="7Б")
    content = raw_xlsx(["ФИО", "Год рождения", "Телефон"], [["Двойня Анна", str(first.birth_date.year), "+7 1"]])
    upload(curator_client, content, capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    page = curator_client.get(reverse("mentoring:import_job", args=[job.pk])).content.decode()
    assert "неоднозначно" in page and f'<option value="{second.pk}">' in page and '<option value="new">' in page
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(reverse("mentoring:import_confirm", args=[job.pk]), {"choice_2": str(second.pk)})
    job.refresh_from_db()
    assert job.applied
    second.refresh_from_db()
    assert second.phone == "+7 1" and Person.objects.count() == 2


def test_confirming_without_choosing_leaves_the_row_waiting(curator_client, django_capture_on_commit_callbacks):
    factories.StudentFactory(last_name="Двойня", first_name="Анна", patronymic="", grade="7А")
    factories.StudentFactory(last_name="Двойня", first_name="Анна", patronymic="", grade="7Б")
    upload(curator_client, raw_xlsx(["ФИО"], [["Двойня Анна"]]), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(reverse("mentoring:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.applied, job.result["summary"]["ambiguous"]) == ("done", False, 1)
    assert default_storage.exists(job.upload)  # kept for the next try


def test_no_consent_rows_offer_the_consent_forms(curator_client, year, django_capture_on_commit_callbacks):
    person = factories.StudentFactory(last_name="Безсогласия", consent=None)
    content = raw_xlsx(["ФИО наставляемого", "Год рождения"], [[person.full_name, str(person.birth_date.year)]])
    upload(curator_client, content, target="mentees", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    page = curator_client.get(reverse("mentoring:import_job", args=[job.pk])).content.decode()
    assert f"нет действующего согласия на обработку персональных данных: {person.full_name}" in page
    assert page.count('value="consent_forms"') == 2 and f'name="person_ids" value="{person.pk}"' in page
    assert 'id="confirm-import"' not in page and not MenteeProfile.objects.exists()


def test_an_unreadable_file_fails_the_job_with_a_russian_reason(curator_client, django_capture_on_commit_callbacks):
    upload(curator_client, truncated_xlsx(), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "повреждён" in job.error
    page = curator_client.get(reverse("mentoring:import_job", args=[job.pk])).content.decode()
    assert "повреждён" in page


def test_cancel_forgets_the_file_and_the_job(curator_client, django_capture_on_commit_callbacks):
    upload(curator_client, people_file(), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    response = curator_client.post(reverse("mentoring:import_cancel", args=[job.pk]))
    assert response.url == reverse("mentoring:import_upload")
    assert not ImportJob.objects.exists() and not default_storage.exists(job.upload)


def test_the_preview_page_costs_the_same_queries_for_3_and_200_rows(
    curator_client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for count in (3, 200):
        upload(curator_client, people_file(count), capture=django_capture_on_commit_callbacks)
        job = ImportJob.objects.latest("requested_at")
        with django_assert_max_num_queries(8):
            curator_client.get(reverse("mentoring:import_job", args=[job.pk]))


@pytest.mark.parametrize("name", ["import_job", "import_job_status"])
def test_another_curator_cannot_see_my_import(client, curator, name):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    client.force_login(factories.UserFactory(roles=["curator"], username="curator2"))
    assert client.get(reverse(f"mentoring:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("mentoring:import_confirm", args=[job.pk])).status_code == 404
    assert client.post(reverse("mentoring:import_cancel", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("role", ["director", "mentor"])
def test_other_roles_cannot_import(client, curator, role):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    client.force_login(factories.UserFactory(roles=[role], username=f"x{role}"))
    assert client.get(reverse("mentoring:import_upload")).status_code == 403
    assert client.get(reverse("mentoring:import_job", args=[job.pk])).status_code == 403
    assert client.post(reverse("mentoring:import_confirm", args=[job.pk])).status_code == 403


def test_a_job_whose_heartbeat_stopped_is_run_again(curator, django_capture_on_commit_callbacks):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=long_ago, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_sweep(stale_after=datetime.timedelta(minutes=10), keep_for=datetime.timedelta(days=1)) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_a_job_lost_too_often_fails_with_a_reason(curator):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=long_ago, attempts=3)
    import_jobs_sweep(stale_after=datetime.timedelta(minutes=10), keep_for=datetime.timedelta(days=1))
    job.refresh_from_db()
    assert job.status == "failed" and "несколько раз прерывалась" in job.error


def test_finished_jobs_are_forgotten_after_the_upload_ttl(curator):
    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    ImportJob.objects.filter(pk=job.pk).update(status="done", requested_at=timezone.now() - datetime.timedelta(days=2))
    import_jobs_sweep(stale_after=datetime.timedelta(minutes=10), keep_for=datetime.timedelta(days=1))
    assert not ImportJob.objects.exists() and not default_storage.exists(job.upload)


def test_a_twin_delivery_of_a_running_job_does_nothing(curator):
    from mentoring.imports.jobs import import_job_run

    job = import_job_start(content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator)
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now(), attempts=1)
    assert import_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1) and not Person.objects.exists()


def test_a_commit_queued_just_now_is_not_stale_though_its_preview_was_long_ago(
    curator, django_capture_on_commit_callbacks
):
    from mentoring.imports.jobs import import_job_confirm

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(
            content=people_file(), filename="a.xlsx", target="people", year=None, requested_by=curator
        )
    ImportJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=1))
    job.refresh_from_db()
    import_job_confirm(job=job, choices={})  # queued; on_commit never fires here, so it waits
    assert import_jobs_sweep(stale_after=datetime.timedelta(minutes=10), keep_for=datetime.timedelta(days=1)) == 0
    job.refresh_from_db()
    assert (job.stage, job.status) == ("commit", "queued")
