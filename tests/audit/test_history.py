"""The change history: every tracked model's create/update/delete with who did it (request, job, command)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import EVENT_MODELS
from mentoring.models import MentorProfile, Person
from tests import factories

pytestmark = pytest.mark.django_db


def _events(model, obj_id):
    return list(EVENT_MODELS[model].objects.filter(pgh_obj_id=obj_id).order_by("pgh_id").select_related("pgh_context"))


def test_insert_update_delete_of_a_person_are_recorded():
    person = factories.PersonFactory(last_name="Смирнова")
    Person.objects.filter(pk=person.pk).update(phone="+7 900 000-00-00")  # bulk update: triggers see it too
    Person.objects.filter(pk=person.pk).update(phone="+7 900 000-00-00")  # no change: no event
    pk = person.pk
    person.consents.all().delete()
    Person.objects.filter(pk=pk).delete()
    labels = [e.pgh_label for e in _events(Person, pk)]
    assert labels == ["insert", "update", "delete"]


def test_a_change_through_a_view_records_the_user_the_address_and_the_request(client, curator, year):
    profile = factories.MentorProfileFactory(year=year, capacity=2)
    client.force_login(curator)
    url = reverse("mentoring:mentor_edit", args=[profile.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["capacity"] = 3
    response = client.post(url, data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302, response.content.decode()[:2000]
    event = _events(MentorProfile, profile.pk)[-1]
    assert event.pgh_label == "update" and event.capacity == 3
    assert event.pgh_context.metadata["user"] == curator.pk
    assert event.pgh_context.metadata["ip"] == "10.1.2.3"
    assert len(event.pgh_context.metadata["request_id"]) == 32


def test_a_management_command_is_named_as_the_author(tmp_path):
    call_command("load_questionnaires", "--update")
    person = factories.PersonFactory()
    code = f"from mentoring.models import Person; Person.objects.filter(pk={person.pk}).update(phone='1')"
    call_command("shell", "-c", code)
    event = _events(Person, person.pk)[-1]
    assert event.pgh_context.metadata == {"command": "shell"}


def test_a_celery_job_is_named_as_the_author(settings):
    from audit.context import _task_finished, _task_started
    from programmes.tasks import sync_feedback_requests

    person = factories.PersonFactory()
    _task_started(task_id="t-1", task=sync_feedback_requests)
    try:
        Person.objects.filter(pk=person.pk).update(phone="2")
    finally:
        _task_finished(task_id="t-1")
    event = _events(Person, person.pk)[-1]
    assert event.pgh_context.metadata == {"job": "programmes.tasks.sync_feedback_requests", "task_id": "t-1"}
