"""Writes of the audit app: scrubbing a withdrawn person's history, and the retention of the trail."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, FileField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.models import Person, User

from .models import EVENT_MODELS, AccessEvent
from .tracking import TRACKED


def _person_object_ids(spec, person: Person) -> list:
    if spec.person_lookup == "pk":
        return [person.pk]
    return list(spec.model.objects.filter(**{spec.person_lookup: person}).values_list("pk", flat=True).distinct())


@transaction.atomic
def history_scrub_person(*, person: Person) -> None:
    """After `consent_withdraw`: the personal fields of the person's past events take the live rows' values.

    The live rows are already anonymised (the withdrawal service and the other apps' receivers ran first), so
    the history keeps that something happened and when, but no longer the name, contacts or free text.
    """
    if connection.vendor != "postgresql":
        return
    person_events = EVENT_MODELS[Person].objects.filter(pgh_obj_id=person.pk)
    user_ids = set(person_events.exclude(user_id=None).values_list("user_id", flat=True))
    for spec in TRACKED:
        if not spec.personal:
            continue
        event_model = EVENT_MODELS[spec.model]
        ids = set(_person_object_ids(spec, person))
        if spec.model is User:
            ids |= user_ids
        if not ids:
            continue
        live = spec.model.objects.filter(pk=OuterRef("pgh_obj_id"))
        updates = {}
        tracked_names = {f.name for f in event_model._meta.concrete_fields}
        for name in spec.personal:
            if name not in tracked_names:  # never copied into the history (e.g. the password)
                continue
            field = event_model._meta.get_field(name)
            value = Subquery(live.values(field.attname)[:1])
            if not field.null:  # the live row may be gone: then blank text, other values kept
                blank = Value("") if isinstance(field, CharField | TextField | FileField) else F(field.attname)
                value = Coalesce(value, blank, output_field=field)
            updates[field.attname] = value
        event_model.objects.filter(pgh_obj_id__in=ids).update(**updates)
    # The access log keeps who looked and when; the person's id stays, their name was never stored there.


def trail_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete history older than AUDIT_CHANGES_RETENTION_DAYS and reads older than AUDIT_READS_RETENTION_DAYS."""
    now = now or timezone.now()
    changes_before = now - datetime.timedelta(days=settings.AUDIT_CHANGES_RETENTION_DAYS)
    reads_before = now - datetime.timedelta(days=settings.AUDIT_READS_RETENTION_DAYS)
    removed = {"changes": 0, "reads": 0}
    with transaction.atomic():
        for event_model in EVENT_MODELS.values():
            removed["changes"] += event_model.objects.filter(pgh_created_at__lt=changes_before).delete()[0]
        removed["reads"] = AccessEvent.objects.filter(at__lt=reads_before).delete()[0]
        if connection.vendor == "postgresql":
            from pghistory.models import Context

            orphans = Context.objects.filter(created_at__lt=changes_before)
            for event_model in EVENT_MODELS.values():  # contexts no event points to any more
                orphans = orphans.exclude(Exists(event_model.objects.filter(pgh_context_id=OuterRef("pk"))))
            orphans.delete()
    return removed
