"""Uploaded images for the public site: checked, resized and re-encoded so no metadata (EXIF, GPS) survives."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # refuse decompression bombs before decoding
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def prepare_image(uploaded) -> ContentFile:
    """Return a new file: at most 1600 px on the long side, orientation applied, re-encoded without metadata.

    Pixels are copied into a fresh image, so EXIF (camera, GPS), XMP, ICC comments and PNG text chunks are gone.
    JPEG for photos; PNG when the source has transparency. The name is random: it says nothing of the source.
    """
    if uploaded.size and uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB. Choose a smaller file."))
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as source:
            if source.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
            if source.width * source.height > MAX_SOURCE_PIXELS:
                raise ValidationError(_("The image is too large in pixels. Choose a smaller one."))
            source.load()
            image = ImageOps.exif_transpose(source)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not an image we can read. Upload a JPEG, PNG or WebP image.")) from exc
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
