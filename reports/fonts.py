"""The fonts the documents carry with them: one place that names them.

The PDFs (WeasyPrint), the charts (matplotlib) and the printable web pages use the Liberation Serif files shipped in
static/fonts/liberation/ (SIL OFL 1.1, licence beside them), never whatever fontconfig finds on the machine, so an
order has the same line breaks, page count and fonts on a laptop, a school's server and the Docker image. Pango still
needs one system font to start (Debian's fonts-dejavu-core is enough); it is a fallback only for characters the
shipped faces lack.

Word files (issue 15) name WORD_FONT_FAMILY: Liberation Serif has the metrics of Times New Roman, so Word lays the text
out as the PDF does and LibreOffice substitutes Liberation Serif for it.
"""

from pathlib import Path

DOCUMENT_FONT_FAMILY = "Liberation Serif"  # the family inside the shipped files
WORD_FONT_FAMILY = "Times New Roman"  # what a .docx names: the same metrics, on every office suite
# The name static/css/documents/fonts.css gives the shipped files in @font-face. A name of its own: a system
# "Liberation Serif" of another version would otherwise win over the @font-face files in fontconfig's matching.
CSS_FONT_FAMILY = f"{DOCUMENT_FONT_FAMILY} Document"
FONTS_CSS = "css/documents/fonts.css"  # a static file; every document template links it

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts" / "liberation"
FONT_FILES = {  # (bold, italic) → file
    (False, False): FONT_DIR / "LiberationSerif-Regular.ttf",
    (True, False): FONT_DIR / "LiberationSerif-Bold.ttf",
    (False, True): FONT_DIR / "LiberationSerif-Italic.ttf",
    (True, True): FONT_DIR / "LiberationSerif-BoldItalic.ttf",
}
FONT_LICENCE = FONT_DIR / "LICENSE"
