"""Retention: history older than five years and reads older than one year leave with the nightly job."""

import datetime

import pytest
from django.utils import timezone

from audit.models import EVENT_MODELS, AccessEvent
from audit.tasks import purge_old_trail
from mentoring.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_nightly_job_keeps_the_configured_periods(settings):
    settings.AUDIT_CHANGES_RETENTION_DAYS = 5 * 365
    settings.AUDIT_READS_RETENTION_DAYS = 365
    old, recent = factories.PersonFactory(), factories.PersonFactory()
    events = EVENT_MODELS[Person].objects
    events.filter(pgh_obj_id=old.pk).update(pgh_created_at=timezone.now() - datetime.timedelta(days=5 * 365 + 1))
    AccessEvent.objects.create(action="view_person", count=1)
    stale = AccessEvent.objects.create(action="view_person", count=1)
    AccessEvent.objects.filter(pk=stale.pk).update(at=timezone.now() - datetime.timedelta(days=366))

    removed = purge_old_trail()

    assert removed["changes"] >= 1 and removed["reads"] == 1
    assert not events.filter(pgh_obj_id=old.pk).exists() and events.filter(pgh_obj_id=recent.pk).exists()
    assert AccessEvent.objects.count() == 1
