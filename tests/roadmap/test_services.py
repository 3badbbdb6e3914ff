"""Editing the roadmap and completion by approved orders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from roadmap.models import RoadmapItem, RoadmapStage
from roadmap.services import (
    item_create,
    item_move,
    item_set_status,
    item_update,
    roadmap_items_complete_for_order,
    stage_create,
    stage_delete,
    stage_move,
)
from tests.factories import AcademicYearFactory
from tests.factories_roadmap import RoadmapItemFactory, RoadmapStageFactory

DAY = datetime.date(2026, 11, 20)


def test_pairing_order_approval_marks_its_item_done(roadmap):
    pairing = RoadmapItem.objects.get(stage__year=roadmap, order_type="pairing")
    others = set(RoadmapItem.objects.exclude(pk=pairing.pk).values_list("pk", "status"))

    # What the orders app does when the director approves the order «О закреплении наставнических пар/групп».
    n = roadmap_items_complete_for_order(
        year=roadmap, order_type="pairing", on=DAY, note="Приказ от 20.11.2026 № 45-од", order_number="45-од"
    )

    assert n == 1
    pairing.refresh_from_db()
    assert pairing.status == "done"
    assert pairing.done_on == DAY
    assert pairing.done_order_number == "45-од"
    assert "45-од" in pairing.done_note
    assert set(RoadmapItem.objects.exclude(pk=pairing.pk).values_list("pk", "status")) == others
    # A second approval of the same type changes nothing.
    assert roadmap_items_complete_for_order(year=roadmap, order_type="pairing", on=DAY) == 0


def test_order_completes_only_items_of_its_own_year(roadmap):
    other_year = AcademicYearFactory(
        title="2030/2031", start_date=datetime.date(2030, 9, 1), end_date=datetime.date(2031, 5, 31), is_current=False
    )
    other = RoadmapItemFactory(stage__year=other_year, order_type="organisation")
    assert roadmap_items_complete_for_order(year=roadmap, order_type="organisation", on=DAY) == 2
    other.refresh_from_db()
    assert other.status == "planned"


def test_stage_move_swaps_numbers_and_stops_at_the_edges(roadmap):
    first, second = RoadmapStage.objects.filter(year=roadmap).order_by("number")[:2]
    assert stage_move(stage=second, direction="up") is True
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
    assert stage_move(stage=second, direction="up") is False
    last = RoadmapStage.objects.filter(year=roadmap).order_by("-number").first()
    assert stage_move(stage=last, direction="down") is False


def test_stage_delete_removes_its_items_and_closes_the_gap(roadmap):
    third = RoadmapStage.objects.get(year=roadmap, number=3)
    item_ids = list(third.items.values_list("pk", flat=True))
    stage_delete(stage=third)
    assert not RoadmapItem.objects.filter(pk__in=item_ids).exists()
    assert list(RoadmapStage.objects.filter(year=roadmap).values_list("number", flat=True)) == list(range(1, 9))


def test_new_stage_and_item_go_to_the_end(roadmap):
    stage = stage_create(year=roadmap, title="Сетевое взаимодействие", kind="other")
    assert stage.number == 10
    first = item_create(
        stage=stage, title="Соглашения с организациями-партнёрами", period_end=DAY, responsible_role="director"
    )
    second = item_create(stage=stage, title="Совещание", period_end=DAY, responsible_role="curator")
    assert (first.position, second.position) == (0, 1)


def test_item_move_reorders_inside_the_stage(roadmap):
    stage = RoadmapStage.objects.get(year=roadmap, number=1)
    ids = list(stage.items.values_list("pk", flat=True))
    moved = RoadmapItem.objects.get(pk=ids[2])
    assert item_move(item=moved, direction="up") is True
    assert list(stage.items.order_by("position").values_list("pk", flat=True)) == [ids[0], ids[2], ids[1], *ids[3:]]
    top = RoadmapItem.objects.get(pk=ids[0])
    assert item_move(item=top, direction="up") is False


def test_item_update_moves_the_deadline_and_can_change_stage(roadmap):
    item = RoadmapItem.objects.filter(stage__year=roadmap, stage__number=2).first()
    target = RoadmapStage.objects.get(year=roadmap, number=3)
    item_update(item=item, stage=target, period_start=None, period_end=datetime.date(2026, 10, 25))
    item.refresh_from_db()
    assert item.stage == target
    assert item.period_start is None and item.period_end == datetime.date(2026, 10, 25)
    assert item.position == target.items.count() - 1


def test_item_cannot_move_to_another_years_stage(roadmap):
    other = RoadmapStageFactory(
        year=AcademicYearFactory(
            title="2031/2032",
            start_date=datetime.date(2031, 9, 1),
            end_date=datetime.date(2032, 5, 31),
            is_current=False,
        )
    )
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    with pytest.raises(ValidationError):
        item_update(item=item, stage=other)


def test_period_end_before_start_is_refused(roadmap):
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    with pytest.raises(ValidationError) as error:
        item_update(item=item, period_start=datetime.date(2026, 10, 10), period_end=datetime.date(2026, 10, 1))
    assert "раньше" in " ".join(error.value.messages)


def test_database_refuses_a_period_that_ends_before_it_starts(roadmap):
    with pytest.raises(IntegrityError):
        RoadmapItem.objects.filter(stage__year=roadmap).update(period_start=datetime.date(2027, 9, 1))


def test_manual_status_done_needs_and_gets_a_date(roadmap, curator):
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    item_set_status(item=item, status="done", updated_by=curator, on=DAY)
    item.refresh_from_db()
    assert (item.status, item.done_on, item.updated_by) == ("done", DAY, curator)
    item_set_status(item=item, status="in_progress")
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("in_progress", None)
    with pytest.raises(ValidationError):
        item_set_status(item=item, status="overdue")  # overdue is computed, never set
