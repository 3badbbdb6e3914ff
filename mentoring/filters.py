"""Reading list filters from the query string: a malformed value is ignored, never a 500.

Browsers, bookmarks and scanners send anything: NUL bytes (PostgreSQL refuses them in text), words where ids
belong, numbers beyond any column's range. Every list view reads its filters through these.
"""

from django.http import QueryDict

MAX_ID = 2**31 - 1  # the range of PostgreSQL's integer: a larger id cannot exist
MAX_TEXT = 200


def clean_text(value: str, max_length: int = MAX_TEXT) -> str:
    """A search text without NUL and other control characters, at most max_length characters."""
    return "".join(ch for ch in value[:max_length] if ch.isprintable() or ch == " ").strip()


def query_text(query: QueryDict, name: str, max_length: int = MAX_TEXT) -> str:
    return clean_text(query.get(name, ""), max_length)


def query_id(query: QueryDict, name: str) -> int | None:
    """A positive database id, or None when the value is missing or not one."""
    value = query.get(name, "")
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def query_choice(query: QueryDict, name: str, choices) -> str:
    """The value when it is one of the choices (values or (value, label) pairs), otherwise ""."""
    value = query.get(name, "")
    allowed = {c[0] if isinstance(c, (tuple, list)) else c for c in choices}
    return value if value in allowed else ""
