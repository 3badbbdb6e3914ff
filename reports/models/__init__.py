"""Models of the reports app; each module holds one concern. Import from here."""

from django.utils.translation import gettext_lazy as _  # noqa: E402

from mentoring.constraints import register as _register  # noqa: E402

from .documents import DocumentChunk, DocumentFormat, GeneratedDocument  # noqa: F401 — the document engine
from .monitoring import AnnualReport  # noqa: E402,F401 — monitoring and the end-of-year report
from .orders import Order, OrderCounter, OrderEvent, OrderPerson, OrderType  # noqa: F401 — the director's orders
from .public import Case, Memo, NewsItem, PublicDocument, SitePage  # noqa: E402,F401 — the public section (§8)

# Russian messages of this app's database constraints (see mentoring/constraints.py).
_register(
    {
        "document_progress_le_total": (None, _("The progress of a document cannot exceed its total.")),
        "done_document_has_file": (None, _("A finished document needs its file.")),
        "failed_document_has_error": (None, _("A failed document needs the reason it failed.")),
        "document_chunk_index_unique": (None, _("This chunk of the document already exists.")),
        "done_chunk_has_file": (None, _("A finished chunk of a document needs its file.")),
        "document_format_known": ("format", _("A document is made as PDF or Word (DOCX).")),
        "order_number_unique_per_year": (None, _("An order with this number is already registered this year.")),
        "approved_order_is_numbered": (None, _("An approved order needs its number and date.")),
        "only_approved_order_has_pdf": (None, _("Only an approved order has a frozen PDF.")),
        "order_pdf_error_only_without_pdf": (None, _("An order whose PDF is ready has no PDF error.")),
        "only_approved_order_has_number": (None, _("Only an approved order has a number and a date.")),
        "returned_order_has_comment": ("return_comment", _("Say what to correct: the curator reads this comment.")),
        "order_person_once": ("person", _("This person is already named in the order.")),
        "sitepage_published_has_date": (None, _("A published page needs its publication date.")),
        "newsitem_image_has_alt": ("image_alt", _("Describe the image for those who cannot see it.")),
        "announcement_has_event_date": ("event_date", _("An announcement needs the date of the event.")),
        "newsitem_published_has_date": (None, _("A published news item needs its publication date.")),
        "memo_published_has_date": (None, _("A published memo needs its publication date.")),
        "case_image_has_alt": ("image_alt", _("Describe the image for those who cannot see it.")),
        "case_published_has_date": (None, _("A published case needs its publication date.")),
        "document_published_has_date": (None, _("A published document needs its publication date.")),
    }
)
