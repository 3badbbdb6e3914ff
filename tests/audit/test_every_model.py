"""Every tracked model records its inserts, updates and deletes, with the author: command, user or job."""

import pghistory
import pytest
from django.core.management import call_command
from django.db import IntegrityError, models, transaction

from audit.models import EVENT_MODELS
from audit.tracking import ROLE_LINK, TRACKED
from mentoring.models import Person
from reports.models import Order, OrderPerson
from tests import factories

pytestmark = pytest.mark.django_db


def _editable_text_field(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and not field.unique
            and not field.primary_key
            and field.name not in ("password", "username")
        ):
            return field
    return None


def test_every_tracked_model_records_insert_update_and_delete():
    call_command("demo_school")  # writes every kind of tracked row through the services
    auditor = factories.UserFactory(username="auditor")
    # the demo names nobody in an order's own list: one row, written from this command's context too
    with pghistory.context(command="demo_school"):
        OrderPerson.objects.create(order=Order.objects.first(), person=Person.objects.first(), note="благодарность")
    tracked = [*(spec.model for spec in TRACKED), ROLE_LINK]
    for model in tracked:
        events = EVENT_MODELS[model].objects.select_related("pgh_context")
        insert = events.filter(pgh_label="insert").order_by("pgh_id").first()
        assert insert is not None, f"{model.__name__}: no insert recorded"
        assert insert.pgh_context.metadata.get("command") == "demo_school", model.__name__
        field = _editable_text_field(model)
        if field is None:
            continue  # the role link has no text: inserts and deletes only
        obj = model.objects.order_by("pk").last()
        with pghistory.context(user=auditor.pk):
            value = (getattr(obj, field.attname) or "")[: (field.max_length or 1000) - 2] + " +"
            model.objects.filter(pk=obj.pk).update(**{field.attname: value})
        update = events.filter(pgh_label="update", pgh_obj_id=obj.pk).order_by("pgh_id").last()
        assert update is not None and getattr(update, field.attname) == value, model.__name__
        assert update.pgh_context.metadata["user"] == auditor.pk, model.__name__
    not_deleted = []
    for model in reversed(tracked):  # rows that point at others first
        obj = model.objects.order_by("pk").last()
        try:
            with transaction.atomic():
                model.objects.filter(pk=obj.pk).delete()
        except (models.ProtectedError, models.RestrictedError, IntegrityError):
            not_deleted.append(model.__name__)  # the data model forbids it; nothing to record
            continue
        assert EVENT_MODELS[model].objects.filter(pgh_label="delete", pgh_obj_id=obj.pk).exists(), model.__name__
    assert len(not_deleted) <= 3, not_deleted
