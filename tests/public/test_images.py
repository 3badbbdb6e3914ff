"""Images on upload: resized to 1600 px, EXIF/GPS stripped, alt text required, non-images refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reports.public.images import MAX_SIDE, prepare_image
from tests import factories_public as fp

pytestmark = pytest.mark.django_db


def test_upload_is_resized_and_loses_exif_and_gps(jpeg_with_gps):
    upload = jpeg_with_gps()
    assert Image.open(upload).getexif().get(0x0110) == "SecretCam 3000"
    upload.seek(0)
    clean = prepare_image(upload)
    img = Image.open(io.BytesIO(clean.read()))
    assert max(img.size) == MAX_SIDE and img.size == (1600, 1067)
    assert len(img.getexif()) == 0
    assert "exif" not in img.info
    clean.seek(0)
    assert b"SecretCam" not in clean.read()
    assert not clean.name.startswith("photo")  # the stored name says nothing of the source


def test_saved_news_image_is_clean(jpeg_with_gps):
    item = fp.news(image=jpeg_with_gps(), image_alt="Учителя на семинаре")
    with item.image.open("rb") as f:
        data = f.read()
    assert b"SecretCam" not in data
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825) is None


def test_image_without_alt_text_is_refused(jpeg_with_gps):
    with pytest.raises(ValidationError) as exc:
        fp.news(image=jpeg_with_gps(), image_alt="  ")
    assert "image_alt" in exc.value.message_dict


def test_png_with_transparency_stays_png_and_small_stays_small():
    img = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    img.info["Comment"] = "secret"
    out = io.BytesIO()
    img.save(out, format="PNG")
    clean = prepare_image(SimpleUploadedFile("a.png", out.getvalue(), "image/png"))
    result = Image.open(io.BytesIO(clean.read()))
    assert result.format == "PNG" and result.size == (300, 200) and "Comment" not in result.info


@pytest.mark.parametrize("payload", [b"<svg onload=alert(1)></svg>", b"%PDF-1.4 not an image", b"GIF89a......"])
def test_non_images_are_refused(payload):
    with pytest.raises(ValidationError):
        prepare_image(SimpleUploadedFile("x.jpg", payload, "image/jpeg"))
