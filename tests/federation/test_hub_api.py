"""The hub's API: a one-time code gives a token; packages are checked (token, schema, year, size, replay),
idempotent, kept per version, refused from a disconnected school — every refusal with a Russian reason."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from federation.hub.registry import (
    ConnectError,
    school_code_renew,
    school_connect,
    school_disconnect,
    school_register,
)
from federation.models import (
    MemberSchool,
    ReceivedPackage,
    RoadmapAgreement,
    SchoolCase,
    SchoolIndicator,
    SchoolOrder,
    SchoolRoadmapItem,
)
from tests.federation.helpers import connected_school, make_hub, sample_package

pytestmark = pytest.mark.django_db
PACKAGES = "/api/federation/v1/packages"


@pytest.fixture
def hub(db):
    return make_hub()


def _post(client, body, token):
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return client.post(PACKAGES, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_code_connects_once_and_gives_a_token(client, hub):
    school, code = school_register(name="МБОУ СШ № 7", kind="school")
    url = reverse("federation_api:connect")
    response = client.post(url, {"code": code.lower(), "school_name": "МБОУ СШ № 7"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert len(response.json()["token"]) > 30
    school.refresh_from_db()
    assert school.status == "connected" and school.token_hash and response.json()["token"] not in school.token_hash
    again = client.post(url, {"code": code, "school_name": "x"}, content_type="application/json")
    assert again.status_code == 400 and "уже использован" in again.json()["error"]


def test_an_expired_code_is_refused(client, hub):
    school, code = school_register(name="МБОУ СШ № 8", kind="school")
    MemberSchool.objects.filter(pk=school.pk).update(code_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(reverse("federation_api:connect"), {"code": code}, content_type="application/json")
    assert response.status_code == 400 and "истёк" in response.json()["error"]


def test_a_package_is_accepted_flattened_and_the_same_package_twice_changes_nothing(client, hub):
    _org, year = hub
    school, token = connected_school()
    package = sample_package(year.title)
    first = _post(client, package, token)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "accepted"
    assert first.json()["feedback"]["roadmap_decisions"][0]["decision"] == "awaiting"
    assert SchoolRoadmapItem.objects.filter(school=school).count() == 2
    assert SchoolIndicator.objects.get(school=school, code="share_involved").denominator == 100
    assert SchoolOrder.objects.get(school=school).number == "1-од"
    assert SchoolCase.objects.get(school=school).title == "Кейс"
    # The same content built again later: same checksum, nothing new.
    rebuilt = dict(package, generated_at=(timezone.now() + datetime.timedelta(minutes=1)).isoformat())
    second = _post(client, rebuilt, token)
    assert second.json()["status"] == "unchanged"
    assert ReceivedPackage.objects.filter(school=school).count() == 1
    assert SchoolRoadmapItem.objects.filter(school=school).count() == 2


def test_a_changed_roadmap_is_a_new_version_awaiting_agreement_again(client, hub):
    _org, year = hub
    school, token = connected_school()
    _post(client, sample_package(year.title, items=2), token)
    RoadmapAgreement.objects.filter(school=school).update(decision="agreed")
    later = timezone.now() + datetime.timedelta(minutes=5)
    response = _post(client, sample_package(year.title, items=3, generated_at=later), token)
    assert response.json()["status"] == "accepted"
    assert ReceivedPackage.objects.filter(school=school, status="accepted").count() == 2  # every version kept
    assert SchoolRoadmapItem.objects.filter(school=school).count() == 3
    assert RoadmapAgreement.objects.get(school=school).decision == "awaiting"


def test_an_older_package_after_a_newer_one_is_refused_as_a_replay(client, hub):
    _org, year = hub
    _school, token = connected_school()
    now = timezone.now()
    old = sample_package(year.title, items=2, generated_at=now - datetime.timedelta(hours=1))
    _post(client, sample_package(year.title, items=3, generated_at=now), token)
    response = _post(client, old, token)
    assert response.status_code == 409 and "раньше" in response.json()["error"]


@pytest.mark.parametrize(("token", "status"), [("wrong-token", 401), ("", 401)], ids=["tampered", "missing"])
def test_a_bad_token_is_refused_and_nothing_recorded(client, hub, token, status):
    _org, year = hub
    connected_school()
    response = _post(client, sample_package(year.title), token)
    assert response.status_code == status and "токен" in response.json()["error"]
    assert not ReceivedPackage.objects.exists()


def test_a_tampered_token_of_a_real_one_is_refused(client, hub):
    _org, year = hub
    _school, token = connected_school()
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert _post(client, sample_package(year.title), tampered).status_code == 401


def test_wrong_schema_version_and_year_and_junk_are_refused_with_reasons_and_recorded(client, hub):
    _org, year = hub
    school, token = connected_school()
    wrong_version = _post(client, sample_package(year.title, schema_version=99), token)
    assert wrong_version.status_code == 400 and "схем" in wrong_version.json()["error"]
    broken = sample_package(year.title)
    broken["roadmap"]["items"][0]["title"] = ""
    assert "roadmap/items/0/title" in _post(client, broken, token).json()["error"]
    start = int(year.title[:4])
    old_year = _post(client, sample_package(f"{start - 5}/{start - 4}"), token)
    assert old_year.status_code == 400 and "учебному году" in old_year.json()["error"]
    junk = _post(client, b"\xff{not json", token)
    assert junk.status_code == 400 and "JSON" in junk.json()["error"]
    refused = ReceivedPackage.objects.filter(school=school, status="refused")
    assert refused.count() == 4 and all(p.reason for p in refused)
    assert not SchoolRoadmapItem.objects.exists()


def test_a_too_big_package_is_refused(client, hub, settings):
    _org, year = hub
    settings.FEDERATION_MAX_PACKAGE_BYTES = 1000
    _school, token = connected_school()
    response = _post(client, sample_package(year.title, items=20), token)
    assert response.status_code == 413 and "слишком" in response.json()["error"]


def test_a_disconnected_school_is_refused_until_connected_again(client, hub):
    _org, year = hub
    school, token = connected_school()
    school_disconnect(school=school)
    response = _post(client, sample_package(year.title), token)
    assert response.status_code == 403 and "отключил" in response.json()["error"]
    assert ReceivedPackage.objects.get(school=school).status == "refused"
    code = school_code_renew(school=school)
    new = client.post(reverse("federation_api:connect"), {"code": code}, content_type="application/json")
    assert _post(client, sample_package(year.title), token).status_code == 401  # the old token is dead
    assert _post(client, sample_package(year.title), new.json()["token"]).json()["status"] == "accepted"


def test_the_schema_is_published(client, hub):
    response = client.get(reverse("federation_api:schema"))
    assert response.status_code == 200 and response.json()["properties"]["schema_version"]["const"] == 1


def test_the_api_does_not_exist_on_a_school(client, organisation):
    assert client.post(PACKAGES, b"{}", content_type="application/json").status_code == 404
    assert client.post(reverse("federation_api:connect"), {}, content_type="application/json").status_code == 404


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p["roadmap"]["items"].append(dict(p["roadmap"]["items"][0])),  # a position twice
        lambda p: p["indicators"]["items"].append(dict(p["indicators"]["items"][0])),  # a code twice
        lambda p: p["roadmap"]["items"][0].update(title="Мероприятие\u0000"),  # a NUL character
        lambda p: p["roadmap"]["items"][0].update(period_end="2026-02-30"),  # no such date
        lambda p: p["indicators"]["items"][0].update(numerator=2**40),  # beyond the column
        lambda p: p.update(generated_at="вчера"),
    ],
    ids=["position-twice", "code-twice", "nul", "bad-date", "huge-number", "bad-time"],
)
def test_malformed_content_is_refused_with_a_reason_never_a_server_error(client, hub, spoil):
    _org, year = hub
    _school, token = connected_school()
    package = sample_package(year.title)
    spoil(package)
    response = _post(client, package, token)
    assert response.status_code == 400 and response.json()["error"]
    assert not SchoolRoadmapItem.objects.exists()


@pytest.mark.parametrize("body", [[], "x", {"code": 5}, {"code": "A\u0000B", "school_name": "x\u0000"}])
def test_connect_with_junk_is_refused_not_a_server_error(client, hub, body):
    response = client.post(reverse("federation_api:connect"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]


def test_the_command_registers_a_school_and_renews_its_code(hub):
    out = io.StringIO()
    call_command("federation_register_school", "МБОУ СШ № 12", "--contact", "8 (8332) 12", stdout=out)
    name, code = out.getvalue().strip().rsplit(": ", 1)
    school = MemberSchool.objects.get(name=name)
    call_command("federation_register_school", "мбоу сш № 12", "--new-code", stdout=out)
    new_code = out.getvalue().strip().rsplit(": ", 1)[1]
    assert new_code != code
    with pytest.raises(ConnectError):
        school_connect(code=code)
    assert school_connect(code=new_code)[0] == school


def test_a_package_that_breaks_the_schema_is_refused_in_russian(client, hub):
    """jsonschema speaks English; the school's curator reads the reason in Russian, field by field."""
    _org, year = hub
    _school, token = connected_school()
    broken = sample_package(year.title)
    broken["roadmap"]["items"][0]["title"] = ""
    del broken["roadmap"]["items"][0]["status"]
    broken["indicators"]["items"][0]["numerator"] = "много"
    error = _post(client, broken, token).json()["error"]
    assert "нет обязательного поля «status»" in error
    assert "ожидается значение другого типа" in error and "слишком короткое" in error
    for english in ("is a required property", "is not of type", "is too short", "should be non-empty"):
        assert english not in error
