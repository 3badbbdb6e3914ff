"""Rendering, split in two so a test or a debug view can look at the HTML: `render_html` then `html_to_pdf`.

WeasyPrint only ever sees our own static files and images embedded as data: URLs (charts we generate).
Every other address — file://, the network, data: other than images — is refused by `SafeURLFetcher`, so text
typed by users (names, rich text) can never make the renderer read the disk or call out.

The fonts come the same way: every document template links static/css/documents/fonts.css, whose @font-face rules
load the Liberation Serif files shipped in static/fonts/ (reports/fonts.py); the layout never depends on the fonts
the machine happens to have.
"""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

import weasyprint  # imported at module level: prefork workers pay the ~0.8 s import once
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative addresses in document templates ("/static/…") resolve against this made-up origin, which the
# fetcher recognises; nothing is ever requested from it over the network (.invalid is reserved, RFC 2606).
BASE_URL = "https://documents.invalid/"
_OUR_HOST = urlsplit(BASE_URL).hostname
_ALLOWED_DATA = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/svg+xml", "data:image/webp")

_fonts = FontConfiguration()


class RefusedURL(ValueError):
    """An address the document engine will not fetch."""


class SafeURLFetcher(URLFetcher):
    """Serves our static files and data: images; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        lowered = url.strip().lower()
        if lowered.startswith("data:"):
            if lowered.startswith(_ALLOWED_DATA):
                return super().fetch(url, headers)
            raise RefusedURL(f"data: URL that is not an image refused: {url[:40]}")
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.hostname != _OUR_HOST or parts.username or parts.port:
            raise RefusedURL(f"address outside the application refused: {url[:120]}")
        return _static_response(url, unquote(parts.path))


def _static_response(url: str, path: str) -> URLFetcherResponse:
    static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if not path.startswith(static_prefix) or ".." in path.split("/"):
        raise RefusedURL(f"only static files may be fetched: {path[:120]}")
    relative = path[len(static_prefix) :]
    found = finders.find(relative) or _collected(relative)
    if not found:
        raise RefusedURL(f"no such static file: {relative[:120]}")
    mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
    with open(found, "rb") as handle:
        body = handle.read()
    return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def _collected(relative: str) -> str | None:
    """A collected static file: with the manifest storage of production `{% static %}` gives hashed names."""
    try:
        return staticfiles_storage.path(relative) if staticfiles_storage.exists(relative) else None
    except (NotImplementedError, ValueError, SuspiciousFileOperation):
        return None


def render_html(template: str, context: dict) -> str:
    """The HTML of a document; Django's autoescaping keeps user text as text."""
    return render_to_string(template, context)


def html_document(html: str) -> weasyprint.document.Document:
    """Lay out HTML into pages (kept separate so multi-part jobs can merge pages and report progress)."""
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).render(font_config=_fonts)


def html_to_pdf(html: str) -> bytes:
    return html_document(html).write_pdf()


def documents_to_pdf(documents: list) -> bytes:
    """Merge the pages of several rendered documents into one PDF (fonts embedded once)."""
    if len(documents) == 1:
        return documents[0].write_pdf()
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
