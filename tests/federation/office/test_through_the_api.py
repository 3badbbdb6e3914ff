"""The office's side through the exchange API: a roadmap posted awaits, the decision and the letters come back."""

import json

import pytest

from federation.models import RoadmapAgreement
from tests import factories
from tests.federation.helpers import connected_school, make_hub, sample_package

pytestmark = pytest.mark.django_db


def _post(client, token, package):
    response = client.post("/api/federation/v1/packages", json.dumps(package, ensure_ascii=False),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()


def test_the_decision_and_a_letter_reach_the_school_with_its_next_package(client):
    _org, year = make_hub()
    school, token = connected_school()
    answer = _post(client, token, sample_package(year.title))
    assert answer["feedback"]["roadmap_decisions"][0]["decision"] == "awaiting"
    agreement = RoadmapAgreement.objects.get(school=school)
    methodist = factories.UserFactory(username="methodist", roles=["curator"])
    client.force_login(methodist)
    decision = {"decision": "returned", "comment": "Уточните сроки", "checksum": agreement.roadmap_checksum}
    client.post(f"/municipal/agreements/{agreement.pk}/", decision)
    client.post("/municipal/letters/", {"title": "О мониторинге", "text": "До 20 декабря", "schools": [school.pk]})
    client.logout()
    answer = _post(client, token, sample_package(year.title))  # the same content: «unchanged», the answer is new
    assert answer["status"] == "unchanged"
    decision = answer["feedback"]["roadmap_decisions"][0]
    assert (decision["decision"], decision["comment"]) == ("returned", "Уточните сроки")
    assert [letter["title"] for letter in answer["feedback"]["letters"]] == ["О мониторинге"]
    changed = sample_package(year.title, items=3)  # a revised roadmap goes back to awaiting
    answer = _post(client, token, changed)
    assert answer["feedback"]["roadmap_decisions"][0]["decision"] == "awaiting"
