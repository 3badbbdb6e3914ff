import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_editor(db):
    return factories.UserFactory(roles=["site_editor"], username="editor")


@pytest.fixture
def jpeg_with_gps():
    """A 3000×2000 JPEG carrying EXIF: camera model and GPS position."""

    def make(size=(3000, 2000), name="photo.jpg"):
        img = Image.new("RGB", size, (200, 30, 30))
        exif = Image.Exif()
        exif[0x0110] = "SecretCam 3000"  # Model
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (55.0, 45.0, 0.0)
        gps[3] = "E"
        gps[4] = (37.0, 37.0, 0.0)
        out = io.BytesIO()
        img.save(out, format="JPEG", exif=exif)
        return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")

    return make
