"""The end-of-year report says each thing once and prints numbers the Russian way (issue 15 §5)."""

import re

from django.utils import timezone

from programmes.models import Programme
from reports.monitoring import indicators as ind
from reports.monitoring import report
from reports.pdf import render_html
from roadmap.models import RoadmapItem
from roadmap.services import roadmap_create_from_template, roadmap_items_complete_for_order
from tests.factories_monitoring import known_school
from tests.factories_programmes import ProgrammeFactory
from tests.factories_public import case, completed_group


def _section_html(year, part):
    return " ".join(render_html("documents/annual_report.html", report.report_context(year, part)).split())


def test_the_status_cell_names_the_order_once(year, organisation):
    roadmap_create_from_template(year=year)
    order_type = RoadmapItem.objects.exclude(order_type="").values_list("order_type", flat=True).first()
    roadmap_items_complete_for_order(
        year=year,
        order_type=order_type,
        on=timezone.localdate(),
        note="Приказ № 7-од от 01.10.2026",
        order_number="7-од",
    )
    html = _section_html(year, "roadmap")
    assert html.count("7-од") == RoadmapItem.objects.filter(done_order_number="7-од").count() >= 1
    assert "приказ № 7-од" in html


def test_a_curators_own_note_is_still_printed(year, organisation):
    roadmap_create_from_template(year=year)
    item = RoadmapItem.objects.first()
    RoadmapItem.objects.filter(pk=item.pk).update(
        status="done", done_on=timezone.localdate(), done_note="Проведено на педсовете"
    )
    assert "Проведено на педсовете" in _section_html(year, "roadmap")


def test_the_case_and_its_description_are_printed_once(year, organisation):
    group = completed_group(year=year)
    description = "Молодой педагог провёл открытый урок с цифровыми ресурсами."
    ProgrammeFactory(
        group=group,
        status=Programme.Status.COMPLETED,
        completed_on=group.ended_on,
        is_best_practice=True,
        case_description=description,
    )
    case(group, title="Открытый урок с ЦОР", summary=description[:60], body=description)
    html = _section_html(year, "best_practices")
    assert html.count(description[:40]) == 1
    assert "Открытый урок с ЦОР" in html


def test_conclusions_use_the_russian_formatter_and_plural_forms(year, organisation):
    known_school(year)
    text = report.conclusions_draft(ind.year_indicators(ind.make_scope(year)))
    assert not re.search(r"\d\.\d", text) and not re.search(r"\d%", text), text
    assert re.search(r"\d\u00a0%", text)  # «85,7 %»
    assert "(федеральный ориентир — не менее 70\u00a0%)" in text
    assert "пар и групп:" not in text.split("Проведено встреч")[1]  # no «без встреч: 3 пар и групп»
