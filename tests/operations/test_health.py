"""/health/ answers for compose and load balancers: database, cache, broker and media storage."""

import pytest

from config.celery import app

pytestmark = pytest.mark.django_db


def test_health_answers_ok_with_every_service_up(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # check the real broker (REDIS_URL), as production does
    response = client.get("/health/", HTTP_ACCEPT="text/plain")
    body = response.content.decode()
    assert response.status_code == 200, body
    for name in ("Database", "Cache", "Storage", "Broker"):
        assert f"{name}" in body
    assert "OK" in body


def test_health_fails_when_the_broker_is_down(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/health/", HTTP_ACCEPT="text/plain")
    assert response.status_code == 500
    assert "broker unreachable" in response.content.decode()


def test_health_says_nothing_personal(client, curator):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert set(response.json()) and all("@" not in key for key in response.json())
