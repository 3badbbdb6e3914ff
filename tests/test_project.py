"""Project-wide checks: deploy settings, migrations, the Russian catalogue, the demo command, lint."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from mentoring.models import MentoringGroup, Organisation, Person, User

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _manage(*args, env_extra=None):
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests; a deployment would not have it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | (env_extra or {})
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run([PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero on a missing migration
    assert "No changes detected" in out.getvalue()


def test_russian_catalogue_is_complete_and_current(tmp_path):
    """Every msgid in our sources is in locale/ru, translated and not fuzzy."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed for this test: apt-get install gettext")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__"))
    result = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "makemessages",
            "-l",
            "ru",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "benchmarks/*",
            "--ignore",
            ".venv/*",
            "--ignore",
            "var/*",
        ],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))
    problems = [e.msgid for e in fresh if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert problems == [], f"untranslated or fuzzy: {problems[:20]}"


@pytest.mark.django_db(transaction=True)
def test_demo_command_builds_a_school_and_runs_twice():
    call_command("demo_school", verbosity=0)
    people = Person.objects.count()
    assert Organisation.objects.count() == 1
    assert people >= 360
    statuses = set(MentoringGroup.objects.values_list("status", flat=True))
    assert statuses == {"proposed", "approved", "active", "completed", "terminated"}
    assert set(User.objects.values_list("username", flat=True)) >= {"curator", "director", "mentor", "mentee"}
    call_command("demo_school", verbosity=0)  # idempotent: refuses to build twice, changes nothing
    assert Person.objects.count() == people


def test_ruff_is_clean():
    result = subprocess.run([PYTHON, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
