"""Import pages: who may use them, upload → preview → fix a period → confirm, a year that has a roadmap, all or
nothing, query counts that do not grow with the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.imports import commit as commit_module
from roadmap.imports.commit import import_commit
from roadmap.imports.reader import read_document
from roadmap.imports.structure import build_draft
from roadmap.models import RoadmapImport, RoadmapItem, RoadmapStage
from roadmap.services import roadmap_create_from_template
from tests import factories
from tests.roadmap.seed_tables import EXPECTED, build_docx, build_xlsx

UPLOAD = reverse("roadmap:import")


def _upload(client, year, name="azov", kind="docx"):
    data = build_docx(name) if kind == "docx" else build_xlsx(name)
    return client.post(UPLOAD, {"year": year.pk, "file": SimpleUploadedFile(f"{name}.{kind}", data)})


def _draft(year, user, name="azov") -> RoadmapImport:
    draft = build_draft(read_document(build_docx(name), f"{name}.docx"))
    return RoadmapImport.objects.create(year=year, created_by=user, filename=f"{name}.docx", draft=draft)


# --- Access -------------------------------------------------------------------------------------------------------


def test_mentor_and_methodist_cannot_import(client, year, curator, mentor_with_pair, methodist):
    draft = _draft(year, curator)
    for user in (mentor_with_pair, methodist):
        client.force_login(user)
        assert client.get(UPLOAD).status_code == 403
        assert _upload(client, year).status_code == 403
        assert client.get(reverse("roadmap:import_preview", args=[draft.pk])).status_code == 403
        assert client.post(reverse("roadmap:import_discard", args=[draft.pk])).status_code == 403
    assert RoadmapImport.objects.count() == 1 and not RoadmapStage.objects.exists()


def test_a_draft_is_its_uploaders_only(client, year, curator, director):
    draft = _draft(year, curator)
    client.force_login(director)
    assert client.get(UPLOAD).status_code == 200
    assert client.get(reverse("roadmap:import_preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("roadmap:import_preview", args=[draft.pk]), {"action": "confirm"}).status_code == 404
    assert client.post(reverse("roadmap:import_discard", args=[draft.pk])).status_code == 404
    assert RoadmapImport.objects.filter(pk=draft.pk).exists()


# --- The flow -----------------------------------------------------------------------------------------------------


def test_upload_preview_fix_a_period_and_confirm(client, year_2026, curator):
    client.force_login(curator)
    response = _upload(client, year_2026, "azov")
    draft = RoadmapImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("roadmap:import_preview", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Управление образования г. Азова" in page and "внешняя сторона" in page
    assert "уточнить срок" in page and "годы сдвинуты на +6" in page
    assert not RoadmapStage.objects.exists()  # nothing saved before the confirmation

    # «3.3. Обучение наставников — по отдельному графику» is stage 3, item 3 (indices 2-2): the curator sets it.
    response = client.post(response["Location"], {"period-2-2": "вторая декада ноября", "action": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("roadmap:timeline"))
    assert not RoadmapImport.objects.exists()
    assert RoadmapStage.objects.filter(year=year_2026).count() == EXPECTED["azov"][0]
    items = RoadmapItem.objects.filter(stage__year=year_2026)
    assert items.count() == EXPECTED["azov"][1]
    training = items.get(title="Обучение наставников")
    assert (training.period_start.isoformat(), training.period_end.isoformat()) == ("2026-11-11", "2026-11-20")
    assert not training.period_unclear and training.period_label == "вторая декада ноября"
    # Unread periods stay as written, marked, with the end of the year as a placeholder deadline.
    unclear = items.filter(period_unclear=True)
    assert (
        sorted(unclear.values_list("period_label", flat=True))[0]
        == "в соответствии со сроками реализации программ наставничества"
    )
    assert unclear.count() == 3 and {i.period_end for i in unclear} == {year_2026.end_date}
    office = items.get(title__startswith="Согласование дорожных карт")
    assert (
        office.responsible_external
        and office.responsible_role == ""
        and office.responsible_label == "Управление образования г. Азова"
    )
    assert items.get(title__startswith="Информирование ОО").recurrence == "on_demand"
    # The timeline shows the roadmap, the unclear periods marked.
    page = client.get(response["Location"]).content.decode()
    assert "Обучение наставников" in page and page.count("data-period-unclear") == 3


def test_reread_keeps_the_fix_and_says_so(client, year_2026, curator):
    client.force_login(curator)
    location = _upload(client, year_2026, "azov")["Location"]
    response = client.post(location, {"period-2-2": "до 20.11.2026", "action": "reread"})
    assert response.status_code == 302
    page = client.get(location).content.decode()
    assert "до 20.11.2026" in page and "исправлено" in page


def test_the_imported_roadmap_is_edited_as_today(client, year_2026, curator):
    client.force_login(curator)
    location = _upload(client, year_2026, "azov")["Location"]
    client.post(location, {"action": "confirm"})
    item = RoadmapItem.objects.get(title__startswith="Согласование дорожных карт")
    data = {
        "stage": item.stage_id,
        "title": item.title,
        "period_label": item.period_label,
        "period_end": "2026-11-25",
        "responsible_text": item.responsible_text,
        "result_document": item.result_document,
        "recurrence": "",
    }
    response = client.post(reverse("roadmap:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.period_end.isoformat() == "2026-11-25" and item.responsible_text == "Управление образования г. Азова"


def test_broken_upload_gets_a_russian_message_not_a_500(client, year, curator):
    client.force_login(curator)
    response = client.post(UPLOAD, {"year": year.pk, "file": SimpleUploadedFile("x.docx", b"garbage")})
    assert response.status_code == 200
    assert "Файл повреждён или не является документом Office." in response.content.decode()
    assert not RoadmapImport.objects.exists()


# --- A year that has a roadmap, all or nothing ----------------------------------------------------------------------


def test_a_year_with_a_roadmap_is_replaced_only_when_confirmed(client, year_2026, curator):
    roadmap_create_from_template(year=year_2026)
    before = set(RoadmapItem.objects.values_list("pk", flat=True))
    client.force_login(curator)
    location = _upload(client, year_2026, "ddt")["Location"]
    page = client.get(location).content.decode()
    assert 'name="replace"' in page
    response = client.post(location, {"action": "confirm"})
    assert response.status_code == 200 and "уже есть" in response.content.decode()
    assert set(RoadmapItem.objects.values_list("pk", flat=True)) == before
    client.post(location, {"action": "confirm", "replace": "1"})
    assert RoadmapItem.objects.filter(stage__year=year_2026).count() == EXPECTED["ddt"][1]
    assert not RoadmapItem.objects.filter(pk__in=before).exists()


def test_all_or_nothing(year_2026, curator, monkeypatch):
    """A failure on the tenth item, after the old roadmap was deleted and the stages written, leaves everything as
    it was: the old roadmap, no new stage, the draft kept."""
    roadmap_create_from_template(year=year_2026)
    before = list(RoadmapItem.objects.order_by("pk").values_list("pk", "title"))
    draft = _draft(year_2026, curator, "kirov")
    real_item, calls = commit_module._item, []

    def failing_item(*args):
        calls.append(1)
        if len(calls) == 10:
            raise RuntimeError("disk full")
        return real_item(*args)

    monkeypatch.setattr(commit_module, "_item", failing_item)
    with pytest.raises(RuntimeError):
        import_commit(draft=draft, replace=True)
    assert list(RoadmapItem.objects.order_by("pk").values_list("pk", "title")) == before
    assert RoadmapStage.objects.filter(year=year_2026).count() == 9
    assert RoadmapImport.objects.filter(pk=draft.pk).exists()


# --- Query counts ---------------------------------------------------------------------------------------------------


def _count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_preview_and_commit_queries_do_not_grow_with_the_file(client, curator):
    """Kirov (17 items), DDT (15) and Azov (22) cost the same: stages and items go in with bulk_create."""
    client.force_login(curator)
    previews, commits = set(), set()
    for index, name in enumerate(("kirov", "ddt", "azov")):
        year = factories.AcademicYearFactory(
            title=f"20{30 + index}/20{31 + index}",
            start_date=f"20{30 + index}-09-01",
            end_date=f"20{31 + index}-05-31",
            is_current=False,
        )
        draft = _draft(year, curator, name)
        url = reverse("roadmap:import_preview", args=[draft.pk])
        client.get(url)  # warm: the menu's cached installation kind (is_hub) is read on the first page only
        previews.add(_count(lambda url=url: client.get(url)))
        commits.add(_count(lambda draft=draft: import_commit(draft=RoadmapImport.objects.get(pk=draft.pk))))
        assert RoadmapItem.objects.filter(stage__year=year).count() == EXPECTED[name][1]
    assert len(previews) == 1 and len(commits) == 1, (previews, commits)


def test_setting_the_dates_of_an_unclear_period_clears_the_mark(client, year_2026, curator):
    client.force_login(curator)
    client.post(_upload(client, year_2026, "azov")["Location"], {"action": "confirm"})
    item = RoadmapItem.objects.get(title="Обучение наставников")
    assert item.period_unclear
    data = {
        "stage": item.stage_id,
        "title": item.title,
        "period_label": item.period_label,
        "period_unclear": "on",
        "period_end": "2026-12-10",
        "responsible_role": item.responsible_role,
        "recurrence": "",
    }
    assert client.post(reverse("roadmap:item_edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.period_end.isoformat() == "2026-12-10" and not item.period_unclear
