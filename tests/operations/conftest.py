import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

S3_PORT = int(os.environ.get("TEST_S3_PORT", "17010"))


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """A local S3 server (moto in server mode) on a private port, stopped by PID at the end."""
    if not _free(S3_PORT):
        pytest.fail(f"port {S3_PORT} is taken: set TEST_S3_PORT to a free one")
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which("moto_server")
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    cmd = [server] if server else [sys.executable, "-m", "moto.server"]
    with open(log, "w") as out:
        proc = subprocess.Popen([*cmd, "-H", "127.0.0.1", "-p", str(S3_PORT)], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 20
        while _free(S3_PORT):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("moto server did not start: " + log.read_text()[-2000:])
            time.sleep(0.1)
        yield f"http://127.0.0.1:{S3_PORT}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
