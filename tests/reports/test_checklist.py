"""The curator's start checklist: built from real data, each line a link, ticked when done, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Contingent
from reports.checklist import start_checklist
from roadmap.services import roadmap_create_from_template
from tests import factories

pytestmark = pytest.mark.django_db


def _done(steps):
    return {s.code for s in steps if s.done}


def test_steps_tick_as_the_school_does_them(year, organisation, curator):
    assert _done(start_checklist(year)) == {"requisites", "year"}
    Contingent.objects.create(year=year, pupils_total=10, pupils_10_18=8, pupils_15_19=3, teachers=5, young_teachers=1)
    roadmap_create_from_template(year=year)
    # The curator's own person does not count as «people added».
    factories.PersonFactory(user=curator)
    assert _done(start_checklist(year)) == {"requisites", "year", "contingent", "roadmap", "consents"}
    factories.MenteeProfileFactory(year=year)
    factories.MentorProfileFactory(year=year)
    factories.GroupFactory(year=year)
    assert {"people", "mentee_bank", "mentor_bank", "pairs"} <= _done(start_checklist(year))
    assert "first_order" not in _done(start_checklist(year))


def test_checklist_query_count_does_not_grow_with_the_data(year, organisation):
    with CaptureQueriesContext(connection) as empty:
        start_checklist(year)
    for _ in range(5):
        factories.GroupFactory(year=year)
    with CaptureQueriesContext(connection) as full:
        start_checklist(year)
    assert len(full) == len(empty) <= 12


def test_the_checklist_is_on_the_curators_empty_dashboard(client, year, organisation, curator):
    client.force_login(curator)
    text = client.get(reverse("curator_home")).content.decode()
    assert 'data-panel="start-checklist"' in text
    assert "С чего начать" in text
    assert 'data-step="contingent" data-done="0"' in text
    assert 'data-step="year" data-done="1"' in text
    assert reverse("mentoring:school_contingent") in text
