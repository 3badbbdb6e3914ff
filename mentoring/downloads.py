"""Every download of the office gets its name here: readable Russian, safe on every system, RFC 5987 encoded.

`Приказ_1-од_от_01.12.2026.pdf`, `База_наставников_2026-2027_2026-12-05.xlsx`: words joined by «_», no characters
that Windows or a shell refuse, no doubled «_» or «.», never an empty name. The header carries an ASCII fallback
and the UTF-8 name (`filename*=utf-8''…`), which Django's `content_disposition_header` writes.
"""

import re
import unicodedata

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

MAX_STEM = 120
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_filename(*parts, ext: str) -> str:
    """Join the parts into a file name: `safe_filename("Приказ", "1-од", "от", "01.12.2026", ext="pdf")`."""
    words = []
    for part in parts:
        text = unicodedata.normalize("NFC", str(part or ""))
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # no control or format chars
        text = _UNSAFE.sub("-", text)
        text = re.sub(r"\s+", "_", text.strip())
        if text:
            words.append(text)
    stem = "_".join(words)
    stem = re.sub(r"_{2,}", "_", stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"-{2,}", "-", stem)
    stem = stem[:MAX_STEM].strip("._- ")
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()
    return f"{stem or 'file'}.{ext}"


def attach(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def bytes_download(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    return attach(HttpResponse(content, content_type=content_type), filename, inline=inline)


def file_download(file, filename: str, content_type: str | None = None, *, inline: bool = False) -> FileResponse:
    """A stored file (a FieldFile) streamed under a readable name."""
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return attach(response, filename, inline=inline)
