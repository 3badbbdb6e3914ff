"""A second installation for the federation's end-to-end test: a hub on its own PostgreSQL database, served by its own
gunicorn process on a private port, started and stopped (by its pid) by the test; and a small browser-like session
(cookies, CSRF) to use either installation's pages over HTTP."""

import contextlib
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.faults.servers import PG_BIN, ROOT, descendants

HUB_SEED = """
from django.contrib.auth.models import Group
from mentoring.models import AcademicYear, Organisation, User
from tests.factories import _year_bounds
start, end, title = _year_bounds()
Organisation.objects.create(full_name="Управление образования администрации г. Кирова",
    short_name="Управление образования", kind="municipal", address="г. Киров", city="г. Киров",
    director_name="И. И. Начальникова")
AcademicYear.objects.create(title=title, start_date=start, end_date=end, is_current=True)
user = User.objects.create_user(username="methodist", password="hub-pass-123")
user.groups.add(Group.objects.get_or_create(name="curator")[0])
from django.core.files.uploadedfile import SimpleUploadedFile
from federation.office.letters import letter_publish
letter_publish(title="О мониторинге наставничества", text="Просим проверить показатели до 10 декабря.", by=user,
    to_all=True, pdf=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter of the office", "application/pdf"))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubInstallation:
    """The municipal office: a database copied from the test database's schema, seeded, served by gunicorn."""

    def __init__(self, tmp_path: Path, source_db: dict):
        self.tmp_path = tmp_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.name = f"{source_db['NAME']}_hub"
        host, port, user = source_db["HOST"] or "127.0.0.1", source_db["PORT"] or 5432, source_db["USER"]
        self.server = f"postgres://{user}@{host}:{port}"
        self.database_url = f"{self.server}/{self.name}"
        self.source_url = f"{self.server}/{source_db['NAME']}"
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": self.database_url,
                    "MEDIA_ROOT": str(tmp_path / "hub-media"), "CELERY_TASK_ALWAYS_EAGER": "true"}  # fmt: skip
        self.env.pop("REDIS_URL", None)
        self.process = None

    def psql(self, sql: str, database: str = "postgres") -> str:
        out = subprocess.run([PG_BIN / "psql", f"{self.server}/{database}", "-tAc", sql], capture_output=True,
                             text=True, check=True)  # fmt: skip
        return out.stdout.strip()

    def create(self) -> str:
        """The hub's own database with the project's schema, a municipal office, its methodist and a school;
        returns the school's one-time connection code."""
        self.psql(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.psql(f'CREATE DATABASE "{self.name}"')
        schema = subprocess.run([PG_BIN / "pg_dump", "--schema-only", "--no-owner", self.source_url],
                                capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run([PG_BIN / "psql", "-q", "-v", "ON_ERROR_STOP=1", self.database_url], input=schema,
                       capture_output=True, check=True)  # fmt: skip
        seeded = subprocess.run([sys.executable, "manage.py", "shell", "-c", HUB_SEED], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        registered = subprocess.run(
            [sys.executable, "manage.py", "federation_register_school", "МБОУ СШ № 1", "--contact", "8 (8332) 01"],
            cwd=ROOT, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        assert registered.returncode == 0, registered.stderr[-3000:]
        return registered.stdout.strip().rsplit(": ", 1)[1]

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1",
             "--timeout", "60", "--error-logfile", str(self.tmp_path / "hub.log")],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.tmp_path / "hub.log").read_text()[-2000:]
            try:
                urllib.request.urlopen(self.url + "/api/federation/v1/schema", timeout=2).read()  # noqa: S310
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        pytest.fail("the hub did not answer in 30 s")

    def stop(self):
        """Stop the hub's server by its pid (SIGKILL: as a machine that drops off the network)."""
        if self.process is None or self.process.poll() is not None:
            return
        family = descendants(self.process.pid)  # gunicorn's worker, recorded before its master goes
        self.process.kill()
        self.process.wait(10)
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in family):
            time.sleep(0.05)

    def drop(self):
        self.stop()
        self.psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class WebSession:
    """A visitor with cookies: logs in through the login form and posts forms with the CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        """Returns the status, the final URL after redirects and the page."""
        if not self._csrf():
            self.get("/accounts/login/")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.url, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, path, exc.read().decode()

    def login(self, username: str, password: str) -> bool:
        self.get("/accounts/login/")
        _status, url, _page = self.post("/accounts/login/", {"username": username, "password": password})
        return "/accounts/login/" not in url

    def json(self, path: str) -> dict:
        return json.loads(self.get(path)[1])
