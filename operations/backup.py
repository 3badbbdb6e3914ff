"""Backups: the database and the media (frozen orders, consent scans, images) together in one dated archive.

The archive is a tar.gz holding `manifest.json`, the database (`database.dump`, pg_dump's custom format; or
`database.sqlite3` for the demo) and `media/…` read through Django's storage, so it works on the local disk and
on S3 alike. Restore refuses to overwrite a database that already holds a school unless told to.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

FORMAT_VERSION = 1
NAME_PREFIX = "mentoring-backup-"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why (shown to the operator as is)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    media_files: int
    removed: list[Path]


def _is_postgres(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_env(db: dict) -> dict:
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(cmd: list[str], env: dict) -> None:
    if not shutil.which(cmd[0]):
        raise BackupError(f"{cmd[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[-2000:]}")


def _walk_storage(directory: str = ""):
    try:
        dirs, files = default_storage.listdir(directory)
    except FileNotFoundError:  # a new installation's MEDIA_ROOT does not exist yet
        return
    for name in files:
        yield str(PurePosixPath(directory, name)) if directory else name
    for sub in dirs:
        yield from _walk_storage(str(PurePosixPath(directory, sub)) if directory else sub)


def _dump_database(db: dict, target: Path) -> str:
    if _is_postgres(db):
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], _pg_env(db))
        return "database.dump"
    source = sqlite3.connect(db["NAME"])
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    return "database.sqlite3"


def backup_create(*, directory: Path, keep: int = 14, db: dict | None = None) -> BackupResult:
    """Write one dated archive into `directory`, then delete the oldest beyond `keep`."""
    db = db or settings.DATABASES["default"]
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = directory / f"{NAME_PREFIX}{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        dump = Path(tmp) / "db"
        db_name = _dump_database(db, dump)
        partial = Path(tmp) / "archive.tar.gz"
        media = 0
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=db_name)
            for name in _walk_storage():
                info = tarfile.TarInfo(f"media/{name}")
                info.size = default_storage.size(name)
                with default_storage.open(name, "rb") as fh:
                    tar.addfile(info, fh)
                media += 1
            manifest = json.dumps(
                {
                    "format": FORMAT_VERSION,
                    "created": timezone.now().isoformat(),
                    "database": db_name,
                    "media_files": media,
                },
                ensure_ascii=False,
            ).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            tar.addfile(info, io.BytesIO(manifest))
        os.replace(partial, final)  # a half-written archive never carries the final name
    removed = backup_prune(directory=directory, keep=keep)
    return BackupResult(path=final, media_files=media, removed=removed)


def backup_prune(*, directory: Path, keep: int) -> list[Path]:
    archives = sorted(directory.glob(f"{NAME_PREFIX}*.tar.gz"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def _database_holds_a_school(db: dict) -> bool:
    if _is_postgres(db):
        import psycopg

        conninfo = {
            "dbname": db["NAME"],
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
        }
        with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as conn:
            exists = conn.execute("SELECT to_regclass('mentoring_organisation') IS NOT NULL").fetchone()[0]
            return bool(exists and conn.execute("SELECT EXISTS (SELECT 1 FROM mentoring_organisation)").fetchone()[0])
    if not Path(db["NAME"]).exists():
        return False
    with sqlite3.connect(db["NAME"]) as conn:
        try:
            return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM mentoring_organisation)").fetchone()[0])
        except sqlite3.OperationalError:
            return False


def backup_restore(*, archive: Path, force: bool = False, db: dict | None = None) -> dict:
    """Bring back the database and the media of `archive` into this installation."""
    db = db or settings.DATABASES["default"]
    if not archive.exists():
        raise BackupError(f"No such archive: {archive}")
    if not force and _database_holds_a_school(db):
        raise BackupError("The database already holds a school; restore into an empty installation or use --force.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        if "manifest.json" not in names:
            raise BackupError(f"{archive} is not a backup of this product (no manifest.json).")
        manifest = json.load(tar.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        tar.extract(manifest["database"], tmp, filter="data")
        dump = Path(tmp) / manifest["database"]
        if _is_postgres(db) != (manifest["database"] == "database.dump"):
            raise BackupError("The archive was made from another kind of database than this installation uses.")
        if _is_postgres(db):
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    f"--dbname={db['NAME']}",
                    str(dump),
                ],
                _pg_env(db),
            )
        else:
            shutil.copyfile(dump, db["NAME"])
        restored = 0
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            name = member.name.removeprefix("media/")
            if ".." in PurePosixPath(name).parts:
                raise BackupError(f"Unsafe path in the archive: {member.name}")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"Could not restore {name} under its own name (got {saved}).")
            restored += 1
    return {"created": manifest["created"], "media_files": restored}
