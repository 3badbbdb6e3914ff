"""The confirmed draft written as the year's roadmap: one transaction, all or nothing, a fixed number of queries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear

from ..models import RoadmapImport, RoadmapItem, RoadmapStage
from .structure import evaluate

TITLE_MAX = RoadmapStage._meta.get_field("title").max_length
LABEL_MAX = RoadmapItem._meta.get_field("period_label").max_length
RESULT_MAX = RoadmapItem._meta.get_field("result_document").max_length


def import_commit(*, draft: RoadmapImport, replace: bool = False, roles: dict | None = None) -> int:
    """Create the draft's stages and items in its year; returns the number of items.

    A year that already has a roadmap is refused unless `replace` is given (the curator ticked «replace»): then its
    stages and items are deleted in the same transaction. Periods that could not be read are kept as written,
    marked «уточнить срок» and put at the end of the year until the curator sets them."""
    year = draft.year
    with transaction.atomic():
        AcademicYear.objects.select_for_update().filter(pk=year.pk).first()
        if year.roadmap_stages.exists():
            if not replace:
                raise ValidationError(
                    _("The roadmap for %(year)s already exists. Tick «replace» to replace it with the file's.")
                    % {"year": year}
                )
            RoadmapStage.objects.filter(year=year).delete()
        stages_data = evaluate(draft.draft, year.start_date.year, roles)
        if not any(stage["items"] for stage in stages_data):
            raise ValidationError(_("The file gives no items to create."))
        stages = [
            RoadmapStage(
                year=year,
                number=stage["position"],
                title=stage["title"][:TITLE_MAX] or _("Stage %(n)s") % {"n": stage["position"]},
                kind=stage["kind"],
                period_label=stage["period_label"][:LABEL_MAX],
            )
            for stage in stages_data
        ]
        for stage in stages:
            stage.clean_fields(exclude=["year"])
        RoadmapStage.objects.bulk_create(stages)
        items = []
        for stage, data in zip(stages, stages_data, strict=True):
            for position, item in enumerate(data["items"]):
                items.append(_item(stage, position, item, year))
        RoadmapItem.objects.bulk_create(items, batch_size=500)
        draft.delete()
    return len(items)


def _item(stage: RoadmapStage, position: int, data: dict, year: AcademicYear) -> RoadmapItem:
    period, responsible = data["reading"], data["responsible_reading"]
    item = RoadmapItem(
        stage=stage,
        position=position,
        title=data["title"] or stage.title,
        period_label=" ".join(data["period_label"].split())[:LABEL_MAX],
        period_start=period.start,
        period_end=period.end or year.end_date,
        period_unclear=period.unclear,
        recurrence=period.recurrence,
        responsible_role=responsible.role,
        responsible_text=responsible.text,
        responsible_external=responsible.external,
        result_document=" ".join(data["result"].split())[:RESULT_MAX],
        document_type=data["document_type"],
        order_type=data["order_type"],
    )
    # Field checks only: the period order is known to hold (the period reader never gives an end before a start)
    # and the database's constraints are the backstop; validate_constraints would cost a query per item.
    item.clean_fields(exclude=["stage"])
    return item
