"""Abandoned import previews do not keep personal data around: a nightly job deletes their files."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from mentoring.imports import import_uploads_sweep
from mentoring.tasks import sweep_stale_import_uploads


def _age(path: str, hours: int) -> None:
    stamp = (datetime.datetime.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(path), (stamp, stamp))


def test_only_uploads_older_than_the_limit_are_deleted():
    old = default_storage.save("imports/old", ContentFile(b"old"))
    fresh = default_storage.save("imports/fresh", ContentFile(b"fresh"))
    kept = default_storage.save("consents/1/scan.pdf", ContentFile(b"%PDF"))
    _age(old, 30)
    _age(kept, 300)
    assert import_uploads_sweep(older_than=datetime.timedelta(hours=24)) == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(kept)


@pytest.mark.django_db
def test_the_task_uses_the_configured_limit(settings):
    settings.IMPORT_UPLOAD_TTL_HOURS = 1
    path = default_storage.save("imports/two-hours", ContentFile(b"x"))
    _age(path, 2)
    sweep_stale_import_uploads.delay()
    assert not default_storage.exists(path)


def test_nothing_to_sweep_on_a_fresh_install():
    assert import_uploads_sweep(older_than=datetime.timedelta(hours=24)) == 0


@pytest.mark.django_db
def test_confirming_a_swept_preview_asks_to_upload_again(client, curator):
    from mentoring.models import ImportJob

    job = ImportJob.objects.create(
        target="people", filename="a.xlsx", upload="imports/gone", status="done", requested_by=curator
    )
    client.force_login(curator)
    response = client.post(reverse("mentoring:import_confirm", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mentoring:import_job", args=[job.pk])
    assert "Загрузите его снова" in response.content.decode()
    job.refresh_from_db()
    assert job.stage == "preview"  # nothing was queued
