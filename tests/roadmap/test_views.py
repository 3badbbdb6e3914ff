"""Roadmap pages: who may see and edit, creating from the template, editing, status, export, query counts."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from roadmap.models import RoadmapItem, RoadmapStage
from tests.factories import PersonFactory
from tests.factories_roadmap import RoadmapItemFactory, RoadmapStageFactory

TIMELINE = reverse("roadmap:timeline")


# --- Access -------------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, roadmap):
    response = client.get(TIMELINE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("roadmap:mine")).status_code == 302


@pytest.mark.parametrize("persona", ["curator", "director", "methodist"])
def test_staff_see_the_timeline(client, roadmap, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(TIMELINE)
    assert response.status_code == 200
    assert "Подготовка условий для запуска программы наставничества" in response.content.decode()


def test_mentor_and_mentee_cannot_see_the_timeline(client, roadmap, mentor_with_pair, mentee_user):
    for user in (mentor_with_pair, mentee_user):
        client.force_login(user)
        assert client.get(TIMELINE).status_code == 403
        assert client.get(reverse("roadmap:export_xlsx")).status_code == 403


def test_only_the_curator_edits(client, roadmap, director, methodist):
    stage = RoadmapStage.objects.filter(year=roadmap).first()
    item = stage.items.first()
    for user in (director, methodist):
        client.force_login(user)
        assert client.get(reverse("roadmap:item_edit", args=[item.pk])).status_code == 403
        assert client.post(reverse("roadmap:stage_delete", args=[stage.pk])).status_code == 403
        assert client.post(reverse("roadmap:item_move", args=[item.pk, "down"])).status_code == 403
        assert client.post(reverse("roadmap:create"), {"year": roadmap.pk}).status_code == 403
        response = client.get(TIMELINE)
        assert reverse("roadmap:item_edit", args=[item.pk]) not in response.content.decode()
    assert RoadmapStage.objects.filter(pk=stage.pk).exists()


def test_director_may_set_the_status_of_own_items_only(client, roadmap, director):
    own = RoadmapItem.objects.filter(stage__year=roadmap, responsible_role="director").first()
    curators = RoadmapItem.objects.filter(stage__year=roadmap, responsible_role="curator").first()
    client.force_login(director)
    assert client.post(reverse("roadmap:item_status", args=[curators.pk]), {"status": "done"}).status_code == 403
    client.post(reverse("roadmap:item_status", args=[own.pk]), {"status": "done"})
    own.refresh_from_db()
    curators.refresh_from_db()
    assert own.status == "done" and curators.status == "planned"


def test_mentor_sees_and_updates_own_items_and_gets_404_for_others(client, roadmap, mentor_with_pair):
    own, shared = RoadmapItem.objects.filter(stage__year=roadmap, responsible_role="mentor")[:2]
    own.responsible_person = mentor_with_pair.person
    own.save()
    others = RoadmapItem.objects.filter(stage__year=roadmap, responsible_role="curator").first()
    client.force_login(mentor_with_pair)
    page = client.get(reverse("roadmap:mine")).content.decode()
    assert own.title in page and shared.title in page and others.title not in page
    assert client.post(reverse("roadmap:item_status", args=[others.pk]), {"status": "done"}).status_code == 404
    # An item of all mentors is shown to each, but one mentor cannot close it for everybody.
    assert client.post(reverse("roadmap:item_status", args=[shared.pk]), {"status": "done"}).status_code == 404
    response = client.post(reverse("roadmap:item_status", args=[own.pk]), {"status": "in_progress", "next": "mine"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "in_progress"


# --- Creating and editing -------------------------------------------------------------------------------------------


def test_curator_creates_the_roadmap_from_the_template_once(client, year, curator):
    client.force_login(curator)
    page = client.get(TIMELINE).content.decode()
    assert 'data-testid="create-roadmap"' in page
    client.post(reverse("roadmap:create"), {"year": year.pk})
    count = RoadmapItem.objects.filter(stage__year=year).count()
    assert count > 20
    response = client.post(reverse("roadmap:create"), {"year": year.pk}, follow=True)
    assert "уже создана" in response.content.decode()
    assert RoadmapItem.objects.filter(stage__year=year).count() == count


def test_curator_moves_a_deadline_and_names_a_person(client, roadmap, curator):
    item = RoadmapItem.objects.filter(stage__year=roadmap, order_type="pairing").get()
    person = PersonFactory(last_name="Смирнова", first_name="Анна", patronymic="Павловна")
    client.force_login(curator)
    assert client.get(reverse("roadmap:item_edit", args=[item.pk])).status_code == 200
    data = {
        "stage": item.stage_id,
        "title": item.title,
        "period_label": "до 5 декабря",
        "period_start": "",
        "period_end": "2099-12-05",
        "responsible_role": "director",
        "responsible_person": person.pk,
        "result_document": item.result_document,
        "document_type": "order",
        "order_type": "pairing",
    }
    response = client.post(reverse("roadmap:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.period_end == datetime.date(2099, 12, 5) and item.period_start is None
    assert item.responsible_label == "Директор (Смирнова А. П.)"
    assert item.updated_by == curator


def test_item_form_explains_a_reversed_period_and_a_missing_responsible(client, roadmap, curator):
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    client.force_login(curator)
    data = {"stage": item.stage_id, "title": "X", "period_start": "2026-10-10", "period_end": "2026-10-01"}
    page = client.post(reverse("roadmap:item_edit", args=[item.pk]), data).content.decode()
    assert "раньше" in page
    assert "ответственн" in page.lower()


def test_curator_adds_reorders_and_deletes(client, roadmap, curator):
    client.force_login(curator)
    response = client.post(
        f"{reverse('roadmap:stage_add')}?year={roadmap.pk}", {"title": "Сетевое взаимодействие", "kind": "other"}
    )
    assert response.status_code == 302
    stage = RoadmapStage.objects.get(year=roadmap, title="Сетевое взаимодействие")
    client.post(
        reverse("roadmap:item_add", args=[stage.pk]),
        {
            "stage": stage.pk,
            "title": "Соглашения с партнёрами",
            "period_end": "2027-03-01",
            "responsible_role": "director",
        },
    )
    assert stage.items.get().title == "Соглашения с партнёрами"
    client.post(reverse("roadmap:stage_move", args=[stage.pk, "up"]))
    stage.refresh_from_db()
    assert stage.number == 9
    client.post(reverse("roadmap:item_delete", args=[stage.items.get().pk]))
    assert not stage.items.exists()
    client.post(reverse("roadmap:stage_delete", args=[stage.pk]))
    assert RoadmapStage.objects.filter(year=roadmap).count() == 9


def test_curator_marks_an_item_done_from_the_timeline(client, roadmap, curator):
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    client.force_login(curator)
    client.post(reverse("roadmap:item_status", args=[item.pk]), {"status": "done"})
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == timezone.localdate()


# --- The page -------------------------------------------------------------------------------------------------------


def test_overdue_items_are_highlighted_and_data_figures_shown(client, year, curator):
    stage = RoadmapStageFactory(year=year, kind="mentee_bank")
    late = RoadmapItemFactory(stage=stage, period_end=timezone.localdate() - datetime.timedelta(days=1))
    fine = RoadmapItemFactory(stage=stage, period_end=timezone.localdate() + datetime.timedelta(days=20))
    client.force_login(curator)
    page = client.get(TIMELINE).content.decode()
    assert f'id="item-{late.pk}" class="roadmap-item roadmap-overdue' in page
    assert f'id="item-{fine.pk}" class="roadmap-item"' in page
    assert 'data-stage-data="mentee_bank"' in page


def _items(year, n):
    stages = [RoadmapStageFactory(year=year, kind=k) for k in ("mentee_bank", "mentor_bank", "pairing", "completion")]
    person = PersonFactory()
    for i in range(n):
        RoadmapItemFactory(stage=stages[i % 4], responsible_person=person if i % 3 == 0 else None)


@pytest.mark.parametrize("n", [10, 200])
def test_timeline_query_count_is_constant(client, django_assert_max_num_queries, year, curator, n):
    _items(year, n)
    client.force_login(curator)
    with django_assert_max_num_queries(14):  # +1 the municipal office's decision, +1 the installation's kind (cached)
        response = client.get(TIMELINE)
    assert response.status_code == 200
    assert response.content.decode().count('class="roadmap-item') == n


@pytest.mark.parametrize("n", [10, 200])
def test_home_panels_query_count_is_constant(client, django_assert_max_num_queries, year, curator, n):
    _items(year, n)
    RoadmapItem.objects.update(period_end=timezone.localdate())
    client.force_login(curator)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("curator_home")).content.decode()
    assert 'data-panel="roadmap-due"' in page


def test_my_items_panel_on_the_directors_home(client, roadmap, director):
    client.force_login(director)
    page = client.get(reverse("director_home")).content.decode()
    assert 'data-panel="roadmap-mine"' in page
    assert "Назначение куратора реализации программ наставничества" in page


# --- Export ---------------------------------------------------------------------------------------------------------


def test_xlsx_export_has_the_seed_columns_and_never_formulas(client, roadmap, curator):
    item = RoadmapItem.objects.filter(stage__year=roadmap).first()
    item.title = '=HYPERLINK("http://evil.example","click")'
    item.result_document = "+7 (8332) 00-00-71"
    item.save()
    client.force_login(curator)
    response = client.get(f"{reverse('roadmap:export_xlsx')}?year={roadmap.pk}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in ws[3]]
    assert headers[:3] == ["№ п/п", "Мероприятие", "Срок"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    evil = cells['=HYPERLINK("http://evil.example","click")']
    assert evil.data_type == "s"
    assert cells["+7 (8332) 00-00-71 (приказ)"].data_type == "s"
    assert RoadmapItem.objects.filter(stage__year=roadmap).count() == sum(
        1
        for row in ws.iter_rows(min_row=4)
        if row[4].value is not None  # the deadline column
    )
