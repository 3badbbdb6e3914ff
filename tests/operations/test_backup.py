"""`manage.py backup` and `restore`: the database and the media together, restored into an empty installation."""

import tarfile

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from mentoring.models import Organisation
from operations.backup import backup_create, backup_prune, backup_restore
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only


def _db(name):
    return {**settings.DATABASES["default"], "NAME": name}


@pytest.fixture
def empty_database():
    """A second, empty PostgreSQL database on the same server: a new installation."""
    name = settings.DATABASES["default"]["NAME"] + "_restore"
    params = {
        k: v
        for k, v in {
            "host": settings.DATABASES["default"]["HOST"],
            "port": settings.DATABASES["default"]["PORT"],
            "user": settings.DATABASES["default"]["USER"],
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name, params
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_brings_back_the_school_its_frozen_documents_and_scans(tmp_path, empty_database):
    factories.OrganisationFactory(short_name="МБОУ СОШ № 71")
    person = factories.PersonFactory(last_name="Архивная")
    default_storage.save("orders/prikaz-1-od.pdf", ContentFile(b"%PDF-1.7 frozen order"))
    default_storage.save("consents/scan-1.pdf", ContentFile(b"%PDF-1.7 scan"))

    result = backup_create(directory=tmp_path / "backups", keep=3)
    assert result.media_files == 2
    with tarfile.open(result.path) as tar:
        assert {"manifest.json", "database.dump", "media/orders/prikaz-1-od.pdf"} <= set(tar.getnames())

    # the media is lost with the old machine; the new installation has an empty database
    default_storage.delete("orders/prikaz-1-od.pdf")
    default_storage.delete("consents/scan-1.pdf")
    name, params = empty_database
    info = backup_restore(archive=result.path, db=_db(name))
    assert info["media_files"] == 2
    with default_storage.open("orders/prikaz-1-od.pdf") as fh:
        assert fh.read() == b"%PDF-1.7 frozen order"
    with psycopg.connect(dbname=name, **params) as conn:
        assert conn.execute("SELECT short_name FROM mentoring_organisation").fetchone()[0] == "МБОУ СОШ № 71"
        assert (
            conn.execute("SELECT count(*) FROM mentoring_person WHERE last_name = %s", [person.last_name]).fetchone()[0]
            == 1
        )
        assert conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10


def test_restore_refuses_to_overwrite_a_school(tmp_path):
    factories.OrganisationFactory()
    result = backup_create(directory=tmp_path, keep=1)
    with pytest.raises(CommandError, match="already holds a school"):
        call_command("restore", str(result.path))
    assert Organisation.objects.count() == 1


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, empty_database):
    junk = tmp_path / "junk.tar.gz"
    with tarfile.open(junk, "w:gz") as tar:
        tar.add(__file__, arcname="something.py")
    with pytest.raises(Exception, match="not a backup"):
        backup_restore(archive=junk, db=_db(empty_database[0]))


def test_retention_keeps_the_newest_archives(tmp_path):
    for stamp in ("20261201-030000", "20261202-030000", "20261203-030000"):
        (tmp_path / f"mentoring-backup-{stamp}.tar.gz").write_bytes(b"x")
    removed = backup_prune(directory=tmp_path, keep=2)
    assert [p.name for p in removed] == ["mentoring-backup-20261201-030000.tar.gz"]
    assert len(list(tmp_path.glob("*.tar.gz"))) == 2


def test_backup_command_writes_an_archive(tmp_path, capsys):
    call_command("backup", "--dir", str(tmp_path), "--keep", "5")
    assert len(list(tmp_path.glob("mentoring-backup-*.tar.gz"))) == 1
    assert "Backup written" in capsys.readouterr().out
