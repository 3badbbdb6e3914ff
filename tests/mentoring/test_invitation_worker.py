"""Bulk invitations through a real Celery worker and Redis: the job goes queued → running → done and each
invitation's mail leaves from the worker. Run alone: pytest -m celery_worker"""

import sys
import time

import pytest

import tests.test_celery_worker as worker_module
from mentoring.models import Invitation
from mentoring.services.invitation_batches import invitation_batch_request
from tests import factories
from tests.test_celery_worker import Worker, broker  # noqa: F401 — the broker fixture

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_of_this_python(tmp_path, monkeypatch):
    """Start `celery` with this interpreter: a copied venv's bin/celery may point at another venv's Python."""
    script = tmp_path / "celery"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m celery "$@"\n')
    script.chmod(0o755)
    monkeypatch.setattr(worker_module, "CELERY", str(script))


def test_a_bulk_invitation_runs_in_the_worker_and_mails_everyone(broker, celery_of_this_python, tmp_path):  # noqa: F811
    year = factories.AcademicYearFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    people = [factories.PersonFactory() for _ in range(3)]
    for person in people:
        factories.MentorProfileFactory(person=person, year=year)
    worker = Worker(tmp_path, "inv1", part_delay=0).start()
    try:
        batch = invitation_batch_request(scope={"bank": "mentors", "year_id": year.pk}, by=curator)
        seen, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if not seen or seen[-1] != batch.status:
                seen.append(batch.status)
            sent = Invitation.objects.filter(sent_at__isnull=False).count()
            if batch.is_finished and sent == 3:
                break
            time.sleep(0.05)
    finally:
        worker.stop()
    assert seen[-1] == "done", (seen, batch.error)
    assert (batch.progress_done, batch.progress_total, batch.invited, batch.attempts) == (3, 3, 3, 1)
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 3
