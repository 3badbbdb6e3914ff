"""Private servers for the fault tests: a Redis, a PostgreSQL and Celery workers on the ports given to these tests,
each started as a child process and stopped or killed by its own pid only (never the shared servers).

Ports (the range given to this suite): Redis 16801, PostgreSQL 16810; 16899 is kept closed (a dead server).
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", 16801))
POSTGRES_PORT = int(os.environ.get("FAULTS_POSTGRES_PORT", 16810))
DEAD_PORT = int(os.environ.get("FAULTS_DEAD_PORT", 16899))
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)

# Short clocks for the document jobs, read by the worker's settings (config/settings/base.py).
FAST_JOBS = {
    "CELERY_TASK_ALWAYS_EAGER": "false",
    "DOCUMENTS_HEARTBEAT_SECONDS": "0.5",
    "DOCUMENTS_STALE_SECONDS": "3",
    "DOCUMENTS_QUEUED_LIMIT_SECONDS": "4",
    "DOCUMENTS_SWEEP_SECONDS": "1",
    "DOCUMENTS_RETRY_COUNTDOWN": "0.5",
    "DOCUMENTS_FAIL_RETRY_DELAYS": "0,0.5,1",
    # A killed worker's message comes back after 20 s; the new worker looks for it every second.
    "CELERY_VISIBILITY_TIMEOUT": "20",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    "CELERY_UNACKED_RESTORE_THROTTLE": "1",
}


def _wait(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen in {timeout} s")


def _kill(pid, sig=signal.SIGKILL):
    """Kill a pid recorded earlier, if it is still one of our celery processes (not a reused pid)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return
    if b"celery" in command:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    children = [int(p) for p in out.split()]
    return [c for child in children for c in (child, *descendants(child))]


class PrivateRedis:
    """redis-server on REDIS_PORT in a temp dir; `appendonly` as compose runs the broker (yes) or not."""

    def __init__(self, *, appendonly: bool, port: int = REDIS_PORT):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.appendonly = appendonly
        self.dir = tempfile.mkdtemp(prefix="faults-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                self.dir,
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--appendfsync",
                "everysec",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        _wait(self.answers, 10, f"redis on port {self.port} answering")
        return self

    def answers(self) -> bool:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
        return out.stdout.strip() == "PONG"

    def queued(self, queue="celery") -> int:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "llen", queue], capture_output=True, text=True)
        return int(out.stdout.strip() or 0)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def close(self):
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on POSTGRES_PORT, run as the `postgres` user (initdb refuses root)."""

    def __init__(self, port: int = POSTGRES_PORT):
        if PG_BIN is None:
            pytest.fail("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin)")
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-", dir="/tmp"))
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.dir, self.user)
        self.data = self.dir / "data"
        self.process = None
        subprocess.run(
            [PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
            check=True,
            capture_output=True,
            user=self.user,
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        self.process = subprocess.Popen(
            [
                PG_BIN / "postgres",
                "-D",
                self.data,
                "-p",
                str(self.port),
                "-k",
                self.dir,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "server.log", "a"),  # noqa: SIM115 — kept open for the server's lifetime
            user=self.user,
        )
        _wait(self.answers, 20, f"PostgreSQL on port {self.port} answering")
        return self

    def answers(self) -> bool:
        return subprocess.run([PG_BIN / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"]).returncode == 0

    def crash(self):
        """Immediate shutdown (SIGQUIT to the postmaster, by pid): connections drop, the next start recovers."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(20)

    def copy_database(self, source_url: str, name: str):
        """Schema and rows of `source_url` into a new database `name` here (pg_dump | pg_restore)."""
        createdb = [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name]
        subprocess.run(createdb, check=True)
        dump = subprocess.run([PG_BIN / "pg_dump", "-Fc", "-d", source_url], check=True, capture_output=True).stdout
        subprocess.run(
            [PG_BIN / "pg_restore", "--no-owner", "-d", self.url(name)], input=dump, check=True, capture_output=True
        )

    def close(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Worker:
    """One `celery worker` process (prefork), optionally with the embedded beat (-B) that runs the sweeper."""

    def __init__(self, tmp_path, name, *, database_url, redis_url, part_delay=0.0, beat=False, **env):
        from django.conf import settings

        self.name = f"{name}@pytest"
        self.beat = beat
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DOCUMENTS_PART_DELAY": str(part_delay),
            **FAST_JOBS,
            **{key: str(value) for key, value in env.items()},
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = tmp_path / f"{name}.log"
        self.process = None
        self.family: list[int] = []

    def start(self, app):
        command = [CELERY, "-A", "config", "worker", "--pool=prefork", "--concurrency=1", "--loglevel=INFO"]
        command += ["--without-gossip", "--without-mingle", "-n", self.name, f"--logfile={self.log}"]
        if self.beat:
            command += ["-B", f"--schedule={self.tmp_path / (self.name + '-beat')}"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(destination=[self.name], timeout=0.5):
                self.family = descendants(self.process.pid)
                return self
            assert self.process.poll() is None, f"the worker exited: {self.log.read_text()[-2000:]}"
        pytest.fail(f"the worker did not answer a ping in 30 s: {self.log.read_text()[-2000:]}")

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def kill_main(self):
        """SIGKILL of the main process only, as an operator's `kill -9` would do; its children are left alone."""
        self.family = sorted({*self.family, *descendants(self.process.pid)})
        self.process.kill()
        self.process.wait(10)

    def kill_all(self):
        for pid in [*descendants(self.process.pid), self.process.pid]:
            _kill(pid)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.family = sorted({*self.family, *descendants(self.process.pid)})
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_all()
        for pid in self.family:  # orphans of a killed main process, by the pids recorded
            _kill(pid)


def reset_celery_pools(app):
    """Drop this process's broker connections (after a broker restart, or before pointing elsewhere)."""
    from kombu import pools

    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None
    pools.reset()


@contextlib.contextmanager
def celery_publishing_to(url: str):
    """Make this process's Celery app publish to `url` for real (not eagerly), then put it back."""
    from config.celery import app

    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    reset_celery_pools(app)
    try:
        yield app
    finally:
        conf.broker_url, conf.task_always_eager = saved
        reset_celery_pools(app)
