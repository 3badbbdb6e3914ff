"""Writes on the roadmap. Other apps tell the roadmap what happened; it never imports them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear

from .models import RoadmapItem, RoadmapStage
from .template import load_template, school_date

STAGE_FIELDS = ("title", "kind", "period_label", "description")
ITEM_FIELDS = (
    "title",
    "period_label",
    "period_start",
    "period_end",
    "period_unclear",
    "recurrence",
    "responsible_role",
    "responsible_text",
    "responsible_person",
    "result_document",
    "document_type",
    "order_type",
)


# --- Progress from other apps ---------------------------------------------------------------------------------------


@transaction.atomic
def roadmap_items_complete_for_order(
    *, year: AcademicYear, order_type: str, on: datetime.date, note: str = "", order_number: str = ""
) -> int:
    """Mark done every item of the year that an approved order of this type completes; returns how many.

    The orders app calls this when the director approves an order (codes: RoadmapItem.order_type choices).
    """
    return (
        RoadmapItem.objects.filter(stage__year=year, order_type=order_type)
        .exclude(status=RoadmapItem.Status.DONE)
        .update(status=RoadmapItem.Status.DONE, done_on=on, done_note=note[:500], done_order_number=order_number[:40])
    )


# --- The year's roadmap from the template ---------------------------------------------------------------------------


@transaction.atomic
def roadmap_create_from_template(*, year: AcademicYear, template: list[dict] | None = None) -> int:
    """Copy the standard template into the year with real dates; refuses if the year has a roadmap."""
    # Lock the year row so two curators clicking at once cannot both copy the template.
    AcademicYear.objects.select_for_update().filter(pk=year.pk).first()
    if year.roadmap_stages.exists():
        raise ValidationError(_("The roadmap for %(year)s already exists.") % {"year": year})
    start_year = year.start_date.year
    created = 0
    for stage_data in template or load_template():
        stage = RoadmapStage(
            year=year,
            number=stage_data["number"],
            title=stage_data["title"],
            kind=stage_data.get("kind", "other"),
            period_label=stage_data.get("period_label", ""),
            description=stage_data.get("description", ""),
        )
        stage.full_clean()
        stage.save()
        for position, data in enumerate(stage_data["items"]):
            item = RoadmapItem(
                stage=stage,
                position=position,
                title=data["title"],
                period_label=data.get("period_label", ""),
                period_start=school_date(start_year, *data["start"]) if data.get("start") else None,
                period_end=school_date(start_year, *data["end"]),
                responsible_role=data.get("responsible_role", ""),
                result_document=data.get("result_document", ""),
                document_type=data.get("document_type", ""),
                order_type=data.get("order_type", ""),
            )
            item.full_clean(exclude=["stage"])
            item.save()
            created += 1
    return created


# --- Stages ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def stage_create(*, year: AcademicYear, title: str, kind: str = "other", period_label: str = "", description: str = ""):
    """A new stage goes to the end of the year's list."""
    AcademicYear.objects.select_for_update().filter(pk=year.pk).first()
    number = (year.roadmap_stages.aggregate(m=Max("number"))["m"] or 0) + 1
    stage = RoadmapStage(
        year=year, number=number, title=title, kind=kind, period_label=period_label, description=description
    )
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_update(*, stage: RoadmapStage, **fields) -> RoadmapStage:
    for name in STAGE_FIELDS:
        if name in fields:
            setattr(stage, name, fields[name])
    stage.full_clean()
    stage.save()
    return stage


def _renumber_stages(year: AcademicYear) -> None:
    # Ascending order: each stage moves down into a number already freed, so the unique constraint holds.
    for number, stage in enumerate(RoadmapStage.objects.filter(year=year).order_by("number"), start=1):
        if stage.number != number:
            RoadmapStage.objects.filter(pk=stage.pk).update(number=number)


@transaction.atomic
def stage_move(*, stage: RoadmapStage, direction: str) -> bool:
    """Swap a stage with its neighbour ("up" or "down"); returns False at the edge of the list."""
    stages = list(RoadmapStage.objects.select_for_update().filter(year_id=stage.year_id).order_by("number"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(stages):
        return False
    current, other = stages[index], stages[other_index]
    # Three steps through a free number: (year, number) is unique.
    free = max(s.number for s in stages) + 1
    RoadmapStage.objects.filter(pk=current.pk).update(number=free)
    RoadmapStage.objects.filter(pk=other.pk).update(number=current.number)
    RoadmapStage.objects.filter(pk=current.pk).update(number=other.number)
    stage.number = other.number
    return True


@transaction.atomic
def stage_delete(*, stage: RoadmapStage) -> None:
    """Delete a stage with its items; the stages after it close the gap."""
    year = stage.year
    AcademicYear.objects.select_for_update().filter(pk=year.pk).first()
    stage.delete()
    _renumber_stages(year)


# --- Items ----------------------------------------------------------------------------------------------------------


def _next_position(stage: RoadmapStage) -> int:
    last = stage.items.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def item_create(*, stage: RoadmapStage, updated_by=None, **fields) -> RoadmapItem:
    """A new item goes to the end of its stage."""
    item = RoadmapItem(stage=stage, position=_next_position(stage), updated_by=updated_by)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(*, item: RoadmapItem, updated_by=None, stage: RoadmapStage | None = None, **fields) -> RoadmapItem:
    """Edit an item; moving it to another stage of the same year puts it at the end of that stage."""
    if stage is not None and stage.pk != item.stage_id:
        if stage.year_id != item.stage.year_id:
            raise ValidationError(_("An item can only move to a stage of the same year."))
        item.stage = stage
        item.position = _next_position(stage)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.updated_by = updated_by
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_move(*, item: RoadmapItem, direction: str) -> bool:
    """Swap an item with its neighbour inside the stage ("up" or "down"); positions are renumbered 0..n-1."""
    items = list(RoadmapItem.objects.select_for_update().filter(stage_id=item.stage_id))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(items):
        return False
    items[index], items[other_index] = items[other_index], items[index]
    for position, it in enumerate(items):
        if it.position != position:
            RoadmapItem.objects.filter(pk=it.pk).update(position=position)
    return True


@transaction.atomic
def item_delete(*, item: RoadmapItem) -> None:
    item.delete()


@transaction.atomic
def item_set_status(
    *, item: RoadmapItem, status: str, updated_by=None, on: datetime.date | None = None, note: str | None = None
) -> RoadmapItem:
    """Manual status; done needs a date (today unless given), leaving done clears it."""
    if status not in RoadmapItem.Status.values:
        raise ValidationError(_("Unknown status."))
    item.status = status
    if status == RoadmapItem.Status.DONE:
        item.done_on = on or item.done_on or timezone.localdate()
    else:
        item.done_on = None
        item.done_order_number = ""
    if note is not None:
        item.done_note = note
    item.updated_by = updated_by
    item.full_clean()
    item.save()
    return item


# --- Reminders ------------------------------------------------------------------------------------------------------


def roadmap_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email each responsible user one digest of items due within 7 days and overdue; returns digests sent.

    Idempotent: the ReminderLog row (unique per user and day) is written in the same transaction as the email is
    sent, so a second run the same day — even a concurrent one — finds the row and sends nothing.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.db import IntegrityError
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from .models import ReminderLog
    from .selectors import reminder_digests

    day = today or timezone.localdate()
    digests = reminder_digests(day)
    already = set(ReminderLog.objects.filter(day=day, user_id__in=digests).values_list("user_id", flat=True))
    users = get_user_model().objects.in_bulk([pk for pk in digests if pk not in already])
    link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("roadmap:mine")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, user in users.items():
            items = digests[user_id]
            overdue = [i for i in items if i.is_overdue]
            soon = [i for i in items if not i.is_overdue]
            context = {"user": user, "overdue": overdue, "soon": soon, "day": day, "link": link}
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(user=user, day=day, items_count=len(items))
                    send_mail(
                        subject=_("Roadmap: %(overdue)s overdue, %(soon)s due within 7 days")
                        % {"overdue": len(overdue), "soon": len(soon)},
                        message=render_to_string("roadmap/email/digest.txt", context),
                        from_email=None,
                        recipient_list=[user.email],
                    )
            except IntegrityError:
                continue  # another run sent today's digest to this user first
            sent += 1
    return sent
