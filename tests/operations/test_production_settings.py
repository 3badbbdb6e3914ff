"""Production cannot be half-configured: a shared cache, a static manifest, no demo data, HTTP by one switch."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "production-like-secret-for-the-deploy-check-0123456789"


def _run(args, **env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_BACKEND", "HTTPS")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "school.example",
        },
        **env_extra,
    )
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    result = _run(["manage.py", "collectstatic", "--noinput", "-v0"], STATIC_ROOT=str(static_root))
    assert result.returncode == 0, result.stderr
    assert (static_root / "staticfiles.json").exists()
    return static_root


def test_production_refuses_to_start_without_a_shared_cache(tmp_path):
    env = {"REDIS_URL": "", "STATIC_ROOT": str(tmp_path)}
    result = _run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "Production needs a shared cache" in result.stderr


def test_database_cache_is_the_documented_fallback(collected):
    result = _run(["manage.py", "check"], REDIS_URL="", CACHE_BACKEND="database", STATIC_ROOT=str(collected))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_the_static_manifest(tmp_path):
    result = _run(["manage.py", "check"], STATIC_ROOT=str(tmp_path))
    assert result.returncode != 0
    assert "operations.E001" in result.stderr and "collectstatic" in result.stderr
    # gunicorn runs no system checks: the WSGI module itself refuses
    wsgi = _run(["-c", "import config.wsgi"], STATIC_ROOT=str(tmp_path))
    assert wsgi.returncode != 0 and "operations.E001" in wsgi.stderr


def test_production_with_https_passes_check_deploy(collected):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], HTTPS="true", STATIC_ROOT=str(collected)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_by_default_and_https_by_one_switch(collected):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_PRELOAD)"
    )
    plain = _run(["-c", f"import django; django.setup(); {code}"], STATIC_ROOT=str(collected))
    assert plain.stdout.split() == ["False", "0", "False", "False"], plain.stderr
    https = _run(["-c", f"import django; django.setup(); {code}"], HTTPS="true", STATIC_ROOT=str(collected))
    assert https.stdout.split() == ["True", "31536000", "True", "False"], https.stderr


def test_demo_is_refused_under_production_settings(collected):
    result = _run(["manage.py", "demo_school", "--reset"], STATIC_ROOT=str(collected))
    assert result.returncode != 0
    assert "production" in result.stderr
    result = _run(["manage.py", "demo_school", "--reset"], STATIC_ROOT=str(collected), ALLOW_DEMO_DATA="true")
    assert result.returncode != 0 and "--reset" in result.stderr


def test_missing_document_fonts_and_no_system_font_are_reported(monkeypatch, tmp_path):
    from operations import checks
    from reports import fonts

    assert checks.document_fonts_present() == [] and checks.system_font_present() == []
    monkeypatch.setitem(fonts.FONT_FILES, (False, False), tmp_path / "gone.ttf")
    monkeypatch.setattr(checks, "FONT_FILES", fonts.FONT_FILES)
    assert [w.id for w in checks.document_fonts_present()] == ["operations.W002"]
    monkeypatch.setattr(checks, "_fontconfig_families", lambda: "")  # fc-list found no font at all
    assert [w.id for w in checks.system_font_present()] == ["operations.W001"]
