"""The standard template: seeds' stages, valid codes, and a copy with real dates for a given year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring.choices import Role
from mentoring.kinds import PROFILES
from roadmap.models import DocumentType, OrderType, RoadmapItem, RoadmapStage, StageKind
from roadmap.services import roadmap_create_from_template
from roadmap.template import TEMPLATE_PATH, load_template, school_date


@pytest.mark.parametrize("path", sorted({p.roadmap_template for p in PROFILES.values()}), ids=lambda p: p.stem)
def test_template_has_the_nine_stages_of_the_year_with_valid_codes(path):
    """Every kind's template (mentoring.kinds) as well as the school's."""
    template = load_template(path)
    assert [s["number"] for s in template] == list(range(1, 10))
    assert [s["kind"] for s in template] == [
        "preparation",
        "mentee_bank",
        "mentor_bank",
        "selection",
        "pairing",
        "work",
        "control",
        "completion",
        "information",
    ]
    for stage in template:
        assert stage["kind"] in StageKind.values
        assert stage["items"], stage["title"]
        for item in stage["items"]:
            assert item["responsible_role"] in Role.values
            assert item["document_type"] in DocumentType.values
            assert item["order_type"] in ["", *OrderType.values]
            assert item["result_document"]
            start, end = school_date(2026, *item["start"]), school_date(2026, *item["end"])
            assert start <= end, item["title"]
    order_types = sorted(i["order_type"] for s in template for i in s["items"] if i["order_type"])
    assert set(order_types) == {"organisation", "pairing", "final_event", "reward"}


def test_template_uses_the_seeds_wording():
    titles = [s["title"] for s in load_template(TEMPLATE_PATH)]
    assert "Подготовка условий для запуска программы наставничества" in titles  # seed 000, stage 1
    assert "Формирование базы наставляемых" in titles
    results = " ".join(i["result_document"] for s in load_template(TEMPLATE_PATH) for i in s["items"])
    assert "Реестр наставников по утверждённой форме" in results  # seed 003
    assert "Приказ «О закреплении наставнических пар/групп»" in results  # seed 001


def test_school_date_puts_autumn_in_the_first_year_and_spring_in_the_next():
    assert school_date(2026, 9, 1) == datetime.date(2026, 9, 1)
    assert school_date(2026, 12, 31) == datetime.date(2026, 12, 31)
    assert school_date(2026, 1, 10) == datetime.date(2027, 1, 10)
    assert school_date(2026, 5, 31) == datetime.date(2027, 5, 31)
    assert school_date(2027, 2, 29) == datetime.date(2028, 2, 29)  # leap year
    assert school_date(2026, 2, 29) == datetime.date(2027, 2, 28)


def test_copy_gives_real_dates_for_the_year(year_2026):
    created = roadmap_create_from_template(year=year_2026)
    assert created == sum(len(s["items"]) for s in load_template())
    assert RoadmapStage.objects.filter(year=year_2026).count() == 9
    organisation = RoadmapItem.objects.get(stage__year=year_2026, order_type="organisation", position=0)
    assert (organisation.period_start, organisation.period_end) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 9, 10),
    )
    assert organisation.responsible_role == "director"
    pairing = RoadmapItem.objects.get(stage__year=year_2026, order_type="pairing")
    assert pairing.period_end == datetime.date(2026, 11, 30)
    assert pairing.stage.kind == "pairing"
    interim = RoadmapItem.objects.get(stage__year=year_2026, title__startswith="Организация текущего контроля")
    assert (interim.period_start, interim.period_end) == (datetime.date(2027, 1, 10), datetime.date(2027, 1, 31))
    reward = RoadmapItem.objects.get(stage__year=year_2026, order_type="reward")
    assert reward.period_end == datetime.date(2027, 5, 31)
    assert not RoadmapItem.objects.filter(stage__year=year_2026).exclude(status="planned").exists()
    # positions follow the template order inside each stage
    stage1 = RoadmapStage.objects.get(year=year_2026, number=1)
    assert list(stage1.items.values_list("position", flat=True)) == list(range(stage1.items.count()))


def test_copy_refuses_a_year_that_already_has_a_roadmap(year_2026):
    roadmap_create_from_template(year=year_2026)
    with pytest.raises(ValidationError, match="уже создана"):
        roadmap_create_from_template(year=year_2026)
    assert RoadmapStage.objects.filter(year=year_2026).count() == 9
