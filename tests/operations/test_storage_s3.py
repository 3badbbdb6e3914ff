"""Media on an S3-compatible server (moto in server mode): scans, the document engine, public images, backups."""

import io
import tarfile
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mentoring.services.consents import consent_record
from operations.backup import backup_create
from reports.models import GeneratedDocument
from tests import factories
from tests import factories_public as fp
from tests.factories_banks import PDF_BYTES
from tests.reports.test_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3(settings, s3_endpoint):
    bucket = f"school-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, **credentials)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return client, bucket


def _keys(client, bucket):
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_consent_scan_is_stored_in_the_bucket_and_served_through_the_role_check(client, curator, s3):
    s3_client, bucket = s3
    person = factories.PersonFactory(consent=None)
    upload = SimpleUploadedFile("скан.pdf", PDF_BYTES, content_type="application/pdf")
    consent = consent_record(person=person, purpose="ц", data_list="д", valid_from=timezone.localdate(), scan=upload)
    assert consent.scan.name in _keys(s3_client, bucket)
    url = reverse("mentoring:consent_scan", args=[consent.pk])
    assert client.get(url).status_code == 302  # strangers go to the login page
    client.force_login(curator)
    assert b"".join(client.get(url).streaming_content) == PDF_BYTES


def test_document_engine_renders_into_the_bucket(client, curator, s3, django_capture_on_commit_callbacks):
    s3_client, bucket = s3
    pupil = factories.StudentFactory(grade="7Б")
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:document_request"), {"kind": "consent_forms", "person_ids": pupil.pk})
    document = GeneratedDocument.objects.get()
    assert document.status == "done", document.error
    assert document.file.name in _keys(s3_client, bucket)
    download = client.get(reverse("reports:document_download", args=[document.pk]))
    assert pupil.full_name in pdf_text(b"".join(download.streaming_content))


def test_public_image_comes_from_the_bucket(client, s3):
    s3_client, bucket = s3
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(jpeg, format="JPEG")
    photo = SimpleUploadedFile("photo.jpg", jpeg.getvalue(), "image/jpeg")
    item = fp.news(published=True, image=photo, image_alt="Учителя на семинаре")
    assert item.image.name in _keys(s3_client, bucket)
    response = client.get(reverse("public:image", args=["news", item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.django_db(transaction=True)
def test_backup_reads_the_media_from_the_bucket(tmp_path, s3):
    person = factories.PersonFactory(consent=None)
    upload = SimpleUploadedFile("скан.pdf", PDF_BYTES, content_type="application/pdf")
    consent = consent_record(person=person, purpose="ц", data_list="д", valid_from=timezone.localdate(), scan=upload)
    result = backup_create(directory=tmp_path, keep=1)
    with tarfile.open(result.path) as tar:
        assert tar.extractfile(f"media/{consent.scan.name}").read() == PDF_BYTES
