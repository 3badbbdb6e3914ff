"""Bulk invitations through a real Celery worker and Redis: the job goes queued → running → done and each
invitation's mail leaves from the worker. Run alone: pytest -m celery_worker"""

import time

import pytest

from config.celery import app as celery_app
from mentoring.models import Invitation
from mentoring.services.invitation_batches import invitation_batch_request
from tests import factories
from tests.test_celery_worker import _worker, broker  # noqa: F401 — the broker fixture

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_bulk_invitation_runs_in_the_worker_and_mails_everyone(broker, tmp_path):  # noqa: F811
    year = factories.AcademicYearFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    people = [factories.PersonFactory() for _ in range(3)]
    for person in people:
        factories.MentorProfileFactory(person=person, year=year)
    worker = _worker(tmp_path, "inv1", part_delay=0).start(celery_app)
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
