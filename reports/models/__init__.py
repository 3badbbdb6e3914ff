"""Models of the reports app; each module holds one concern. Import from here."""

from .documents import DocumentFormat, GeneratedDocument  # noqa: F401 — the document engine
from .monitoring import AnnualReport  # noqa: E402,F401 — monitoring and the end-of-year report
from .orders import Order, OrderCounter, OrderEvent, OrderPerson, OrderType  # noqa: F401 — the director's orders
from .public import Case, Memo, NewsItem, PublicDocument, SitePage  # noqa: E402,F401 — the public section (§8)
