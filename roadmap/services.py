"""Writes on the roadmap. Other apps tell the roadmap what happened; it never imports them."""

import datetime

from django.db import transaction

from mentoring.models import AcademicYear

from .models import RoadmapItem


@transaction.atomic
def roadmap_items_complete_for_order(*, year: AcademicYear, order_type: str, on: datetime.date, note: str = "") -> int:
    """Mark done every item of the year that an approved order of this type completes; returns how many."""
    return (
        RoadmapItem.objects.filter(stage__year=year, order_type=order_type)
        .exclude(status=RoadmapItem.Status.DONE)
        .update(status=RoadmapItem.Status.DONE, done_on=on, done_note=note)
    )


@transaction.atomic
def roadmap_create_from_template(*, year: AcademicYear, template: list[dict] | None = None) -> int:
    """Copy the standard template into the year with real dates; refuses if the year has a roadmap."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import RoadmapStage
    from .template import load_template, school_date

    if year.roadmap_stages.exists():
        raise ValidationError(_("The roadmap for %(year)s already exists.") % {"year": year})
    start_year = year.start_date.year
    created = 0
    for stage_data in template or load_template():
        stage = RoadmapStage.objects.create(
            year=year, number=stage_data["number"], title=stage_data["title"], description=stage_data["description"]
        )
        for position, item in enumerate(stage_data["items"]):
            RoadmapItem.objects.create(
                stage=stage,
                position=position,
                title=item["title"],
                period_label=item["period_label"],
                period_start=school_date(start_year, *item["start"]),
                period_end=school_date(start_year, *item["end"]),
                responsible_role=item["responsible_role"],
                result_document=item["result_document"],
                document_type=item["document_type"],
                order_type=item["order_type"],
            )
            created += 1
    return created
