"""scripts/provision, which `make test` runs first: where it cannot install, it stops at once with one message that
names exactly what is missing and the command that installs it. Run for real: as an unprivileged user (and as root
without apt-get) with a PATH that lacks some tools; the machine's PostgreSQL and Redis are only asked, never touched."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "provision"
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def path_without():
    """A PATH holding every command of this machine but the ones named (readable by an unprivileged user)."""
    folders = []

    def make(*hidden: str) -> str:
        folder = Path(tempfile.mkdtemp(prefix="provision-path-"))
        folder.chmod(0o755)
        folders.append(folder)
        for directory in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/sbin"]:
            if not os.path.isdir(directory):
                continue
            for name in os.listdir(directory):
                link = folder / name
                if name not in hidden and not link.exists() and os.access(os.path.join(directory, name), os.X_OK):
                    link.symlink_to(os.path.join(directory, name))
        return str(folder)

    yield make
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def run(path: str, *, unprivileged: bool) -> tuple[subprocess.CompletedProcess, float]:
    env = {
        "PATH": path,
        "HOME": "/tmp",
        "DATABASE_URL": os.environ["DATABASE_URL"],  # the running services of this machine: answered, not touched
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    command = ["bash", str(SCRIPT)]
    if unprivileged and IS_ROOT:
        command = ["runuser", "-u", "nobody", "--", "env", *(f"{k}={v}" for k, v in env.items()), *command]
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    return done, time.monotonic() - started


def assert_stops_with_the_message(done: subprocess.CompletedProcess, elapsed: float) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert "installing" not in done.stdout
    listed = [line for line in done.stderr.splitlines() if line.startswith("  - ")]
    assert listed == ["  - chromium (chromium: the browser tests)", "  - poppler-utils (pdftotext)"], done.stderr
    install = "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium poppler-utils"
    assert install in done.stderr


def test_an_unprivileged_user_is_stopped_at_once_with_what_is_missing(path_without):
    if IS_ROOT and not shutil.which("runuser"):
        pytest.fail("runuser (util-linux) is needed to run the script as an unprivileged user")
    assert_stops_with_the_message(*run(path_without("chromium", "pdftotext"), unprivileged=True))


@pytest.mark.skipif(not IS_ROOT, reason="the root path needs root")
def test_root_without_apt_get_is_stopped_the_same_way(path_without):
    assert_stops_with_the_message(*run(path_without("chromium", "pdftotext", "apt-get"), unprivileged=False))


def test_with_everything_there_it_changes_nothing_and_says_nothing():
    done, elapsed = run(os.environ["PATH"], unprivileged=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert elapsed < 10


@pytest.mark.skipif(not IS_ROOT, reason="the install path needs root")
def test_as_root_it_installs_exactly_what_is_missing_then_checks_again(path_without):
    """apt-get is a stand-in here (this machine is shared): it logs its arguments and, for `install`, puts the
    missing commands back on the PATH, as the real packages would."""
    folder = Path(path_without("chromium", "pdftotext", "apt-get"))
    log = folder / "apt-get.log"
    stub = folder / "apt-get"
    stub.write_text(
        "#!/bin/bash\n"
        f'echo "$*" >> {log}\n'
        'if [ "$1" = install ]; then\n'
        f"  ln -s {shutil.which('chromium')} {folder}/chromium; ln -s {shutil.which('pdftotext')} {folder}/pdftotext\n"
        "fi\n"
    )
    stub.chmod(0o755)
    done, _elapsed = run(str(folder), unprivileged=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout == "provision: installing chromium poppler-utils\n"
    assert log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends chromium poppler-utils",
    ]
