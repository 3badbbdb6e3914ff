"""The municipality's own roadmap: the items of the schools' heads and curators tracked per school."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federation.office.roadmap import is_school_party, tracked_items
from tests import factories
from tests.factories_roadmap import RoadmapItemFactory, RoadmapStageFactory

from .hubdata import YEAR, hub, package, school

pytestmark = pytest.mark.django_db


def test_the_parties_of_the_azov_roadmap_are_recognised():
    for text in ("Руководители ОО", "Кураторы внедрения ЦМН ОО", "Руководители ОО, кураторы внедрения ЦМН (в рамках "
                 "компетенции)", "Кураторы внедрения целевой модели наставничества в ОО"):  # fmt: skip
        assert is_school_party(text), text
    for text in ("Сектор ИМР", "Управление образования", ""):
        assert not is_school_party(text), text


def _office_roadmap():
    year = hub()
    stage = RoadmapStageFactory(year=year, number=1, title="Подготовка")
    order = RoadmapItemFactory(stage=stage, position=1, title="Разработка и утверждение распорядительных актов ОО",
                               responsible_text="Руководители ОО", document_type="order",
                               order_type="organisation",
                               )  # fmt: skip
    bank = RoadmapItemFactory(stage=stage, position=2, title="Формирование базы наставляемых",
                              responsible_text="Кураторы внедрения ЦМН ОО", document_type="register")  # fmt: skip
    RoadmapItemFactory(stage=stage, position=3, title="Сбор результатов мониторинга", responsible_text="Сектор ИМП")
    return order, bank


def test_each_school_is_tracked_by_the_same_activity_in_much_the_same_words(client):
    order, bank = _office_roadmap()
    package(school("А"), roadmap=[
        {"title": "Утверждение распорядительных актов о внедрении ЦМН", "document_kind": "order", "status": "done"},
        {"title": "Формирование базы наставляемых.", "status": "in_progress"},
        {"title": "Формирование базы наставников", "status": "done"},
    ])  # fmt: skip
    package(school("Б"), roadmap=[
        {"title": "Разработка распорядительных актов", "document_kind": "order", "status": "planned"},
        {"title": "Формирование базы наставляемых", "document_kind": "order", "status": "done"},  # another kind
    ])  # fmt: skip
    school("В")
    tracked = tracked_items(YEAR)
    assert [t.item for t in tracked] == [order, bank]
    assert [(t.done, t.in_progress, t.planned, t.missing) for t in tracked] == [(1, 0, 1, 1), (0, 1, 0, 2)]
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    page = client.get("/municipal/roadmap/").content.decode()
    assert "Разработка и утверждение" in page and "Сбор результатов мониторинга" not in page


def test_tracking_costs_the_same_queries_for_3_and_30_schools():
    _office_roadmap()

    def measure(count):
        for _n in range(count):
            package(school(), roadmap=[{"title": "Формирование базы наставляемых", "status": "done"}])
        with CaptureQueriesContext(connection) as ctx:
            tracked_items(YEAR)
        return len(ctx.captured_queries)

    assert measure(3) == measure(27) <= 4
