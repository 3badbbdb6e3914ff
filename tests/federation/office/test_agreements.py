"""Agreement of the schools' roadmaps: agree, return with a comment, a new roadmap awaits again; the feedback."""

import pytest
from django.core.exceptions import ValidationError

from federation.models import RoadmapAgreement
from federation.office.agreements import agreement_decide, agreement_on_new_roadmap
from federation.office.feedback import feedback_for
from tests import factories

from .hubdata import YEAR, hub, package, school

pytestmark = pytest.mark.django_db
ITEM = {"stage": "1. Подготовка", "number": "1.1", "title": "Приказ о внедрении ЦМН", "status": "done",
        "responsible": "руководитель ОО", "document_kind": "order_implementation"}  # fmt: skip


@pytest.fixture
def methodist():
    hub()
    return factories.UserFactory(username="methodist", roles=["curator"])


def _sent(name="МБОУ СОШ № 3", checksum="r1"):
    s = school(name)
    package(s, roadmap=[ITEM], roadmap_checksum=checksum)
    return s, agreement_on_new_roadmap(s, YEAR, checksum)


def test_a_new_roadmap_awaits_agreement_and_the_methodist_agrees_it(client, methodist):
    s, agreement = _sent()
    assert agreement.decision == RoadmapAgreement.Decision.AWAITING
    client.force_login(methodist)
    page = client.get(f"/municipal/agreements/{agreement.pk}/").content.decode()
    assert "Приказ о внедрении ЦМН" in page
    response = client.post(f"/municipal/agreements/{agreement.pk}/", {"decision": "agreed", "checksum": "r1"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.decision == "agreed" and agreement.decided_by == methodist and agreement.decided_at
    decisions = feedback_for(s)["roadmap_decisions"]
    assert decisions == [{"academic_year": YEAR, "decision": "agreed", "comment": "",
                          "decided_at": agreement.decided_at.isoformat()}]  # fmt: skip


def test_returning_needs_a_comment(client, methodist):
    _s, agreement = _sent()
    client.force_login(methodist)
    response = client.post(f"/municipal/agreements/{agreement.pk}/", {"decision": "returned", "checksum": "r1"})
    assert response.status_code == 200 and "Укажите, что нужно доработать" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.decision == "awaiting"
    client.post(f"/municipal/agreements/{agreement.pk}/",
                {"decision": "returned", "comment": "Добавьте сроки этапа 3", "checksum": "r1"})  # fmt: skip
    agreement.refresh_from_db()
    assert (agreement.decision, agreement.comment) == ("returned", "Добавьте сроки этапа 3")


def test_a_changed_roadmap_goes_back_to_awaiting_and_the_same_one_does_not(methodist):
    s, agreement = _sent()
    agreement_decide(agreement=agreement, by=methodist, decision="returned", comment="Сроки", checksum="r1")
    assert agreement_on_new_roadmap(s, YEAR, "r1").decision == "returned"  # the same roadmap sent again
    again = agreement_on_new_roadmap(s, YEAR, "r2")
    assert (again.decision, again.comment, again.decided_by) == ("awaiting", "", None)


def test_a_decision_on_a_roadmap_replaced_meanwhile_is_refused(methodist):
    s, agreement = _sent()
    agreement_on_new_roadmap(s, YEAR, "r2")
    with pytest.raises(ValidationError):
        agreement_decide(agreement=agreement, by=methodist, decision="agreed", comment="", checksum="r1")
    agreement.refresh_from_db()
    assert agreement.decision == "awaiting"


def test_the_list_filters_by_decision(client, methodist):
    _sent("Ждёт")
    _s, other = _sent("Согласована")
    agreement_decide(agreement=other, by=methodist, decision="agreed", comment="", checksum="r1")
    client.force_login(methodist)
    page = client.get("/municipal/agreements/?decision=awaiting").content.decode()
    assert "Ждёт" in page and "Согласована" not in page
