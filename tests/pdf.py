"""Reading PDFs in tests: the text as one line a phrase can be found in wherever the layout broke it, the lines as
laid out (to compare layouts), and the fonts a PDF embeds."""

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from reports.fonts import CSS_FONT_FAMILY, FONT_FILES

# A line break after a hyphen or a slash stood for no space in the text; WeasyPrint's own hyphenation mark (U+2010,
# its hyphenate-character) and a soft hyphen vanish with the break. Any other break, and any run of spaces, is a space.
_JOINED_BREAK = re.compile(r"(?<=\w)[\u2010\u00ad]\s*\n\s*(?=\w)|(?<=\w[-/])[ \t]*\n\s*(?=\w)")


def _reader(pdf) -> PdfReader:
    if isinstance(pdf, PdfReader):
        return pdf
    if isinstance(pdf, (str, Path)):
        return PdfReader(pdf)
    if hasattr(pdf, "read"):  # an open file or a FieldFile
        pdf = pdf.read()
    return PdfReader(io.BytesIO(pdf))


def pdf_lines(pdf) -> list[list[str]]:
    """Per page, the lines of text as laid out (stripped, empty ones dropped)."""
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in _reader(pdf).pages
    ]


def pdf_text(pdf) -> str:
    """The whole text on one line: breaks joined, whitespace squashed, so a phrase is found however it wrapped.

    Accepts bytes, a path, an open file (a FieldFile too) or a PdfReader."""
    raw = "\n".join(page.extract_text() or "" for page in _reader(pdf).pages)
    return " ".join(_JOINED_BREAK.sub("", raw).split())


MM = 72 / 25.4


def text_fragments(page) -> list[tuple[str, float, float, float, str]]:
    """(text, x, y, font size, font name without its subset tag) of each piece of text on a page, y from the bottom,
    in the order the page draws them."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            font = str((font_dict or {}).get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], abs(font_size * cm[3]), font))

    page.extract_text(visitor_text=visit)
    return found


def top_margin_number(page) -> str:
    """The page number in the top margin (20 mm) of a page, "" when it has none (a running title is no number)."""
    top = float(page.mediabox.height) - 20 * MM
    return next((f[0] for f in text_fragments(page) if f[2] > top and f[0].isdigit()), "")


def _fonts_in(resources, found: dict) -> None:
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        found.setdefault(str(font["/BaseFont"]), font)
    for ref in (resources.get("/XObject") or {}).values():  # inline SVGs and form objects carry their own resources
        xobject = ref.get_object()
        if "/Resources" in xobject:
            _fonts_in(xobject["/Resources"].get_object(), found)


def _font_program(font) -> TTFont | None:
    descendants = font.get("/DescendantFonts")
    descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
    if descriptor is None:
        return None
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor.get_object():
            return TTFont(io.BytesIO(descriptor.get_object()[key].get_object().get_data()))
    return None


def _face(program: TTFont | None) -> tuple[str, str, str]:
    if program is None or "name" not in program:
        return ("?", "?", "?")
    name = program["name"]
    return (name.getDebugName(1), name.getDebugName(2), name.getDebugName(5))


def embedded_fonts(pdf) -> dict[str, tuple[str, str, str]]:
    """Every font the PDF embeds: {base name without the subset tag: (family, style, version) of the font program}."""
    found: dict = {}
    for page in _reader(pdf).pages:
        _fonts_in(page["/Resources"].get_object(), found)
    return {base.lstrip("/").split("+", 1)[-1]: _face(_font_program(font)) for base, font in found.items()}


def shipped_faces() -> set[tuple[str, str, str]]:
    """(family, style, version) of each shipped font file."""
    return {_face(TTFont(path)) for path in FONT_FILES.values()}


SHIPPED_BASE_NAMES = {CSS_FONT_FAMILY.replace(" ", "-") + suffix for suffix in ("", "-Bold", "-Italic", "-Bold-Italic")}


def assert_only_shipped_fonts(pdf) -> None:
    """Every font the PDF embeds is one of the shipped files (by its name and by its font program's name table)."""
    embedded = embedded_fonts(pdf)
    assert embedded, "the PDF embeds no font"
    assert set(embedded) <= SHIPPED_BASE_NAMES, embedded
    assert set(embedded.values()) <= shipped_faces(), embedded
