"""Staff pages served again from the cache while the database has not changed (a school of 2,000, issue 17).

The version is PostgreSQL's own rather than a counter the code must remember to bump: the text of
`pg_current_snapshot()` (xmin:xmax:in-progress transactions) says exactly which transactions a reader sees, and it
changes whenever any write transaction ends. A page cached under one snapshot therefore shows exactly the data of
that snapshot — no signal to miss, no bulk update or raw SQL to forget. Any write anywhere makes every page stale,
which is the price of never being wrong.

The page is cached for one visitor: the key carries the user, every cookie of the request (the session, the CSRF
secret the page's forms carry), the session's contents, the full path with its query, the language, the host and
the day. The view's role check runs before the cache is read (the decorator goes under `role_required`). Nothing is
cached or served from the cache:
- outside PostgreSQL (the demo on SQLite), or when the cache is unreachable (the page is computed, never refused);
- with the database as the cache (`CACHE_BACKEND=database`): storing a page would itself be a write, so the next
  request would always find a new snapshot;
- inside a transaction (its own changes would not be in the snapshot's text): requests run in autocommit
  (ATOMIC_REQUESTS is off), so this is the tests' transaction; `data_snapshot()` also refuses a transaction that
  has written;
- when the request carries no CSRF cookie yet (the page would set one) or has messages to show (they are consumed
  once);
- for anything but a GET/HEAD answered 200 with HTML and no cookie set.
`PAGE_CACHE_SECONDS` (0 turns it off) is a backstop for what moves with the clock within a day.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
HEADER = "X-Page-Cache"  # hit / miss / off: what the tests and the benchmark read
VARY_HEADERS = ("HTTP_HX_REQUEST", "HTTP_X_REQUESTED_WITH", "HTTP_ACCEPT")


def data_snapshot() -> str | None:
    """The snapshot the next query would read, or None when it cannot stand for the data (see the module)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NOT NULL")
        snapshot, wrote = cursor.fetchone()
    return None if wrote else snapshot


def _seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def _cache_apart_from_data() -> bool:
    """Whether storing a page leaves the snapshot alone: not with the database cache (the module)."""
    from django.core.cache.backends.db import BaseDatabaseCache

    return not isinstance(caches["default"], BaseDatabaseCache)


def _cache_errors() -> tuple:
    from redis.exceptions import RedisError

    return (RedisError, OSError)


def page_key(request, name: str) -> str | None:
    """The page's key for this visitor and this state of the data; None when the page must be computed afresh."""
    if _seconds() <= 0 or request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
        return None
    if not _cache_apart_from_data():
        return None
    if "CSRF_COOKIE" not in request.META or len(get_messages(request)):  # the middleware read a valid cookie
        return None
    if connection.in_atomic_block:  # requests run in autocommit; a transaction around one is a test's (module)
        return None
    try:
        snapshot = data_snapshot()
    except DatabaseError:
        return None
    if snapshot is None:
        return None
    session = sorted((k, repr(v)) for k, v in request.session.items())
    parts = [
        snapshot,
        str(request.user.pk),
        request.META.get("HTTP_COOKIE", ""),
        repr(session),
        request.get_full_path(),
        request.get_host(),
        request.scheme,
        get_language() or "",
        f"{timezone.localdate():%Y%m%d}",
        *(request.META.get(h, "") for h in VARY_HEADERS),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"page:{name}:{digest}"


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)  # not rotated
    )


def cached_page(name: str):
    """Serve the view's page from the cache while the data and the visitor's state are unchanged (the module)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = page_key(request, name)
            if key is None:
                response = view(request, *args, **kwargs)
                response[HEADER] = "off"
                return response
            errors = _cache_errors()
            try:
                hit = cache.get(key)
            except errors as exc:
                logger.warning("page cache unreachable: %s", exc)
                hit, key = None, None
            if hit is not None:
                content, content_type = hit
                get_token(request)  # the page carries a token: the cookie's expiry is renewed as if rendered
                response = HttpResponse(content, content_type=content_type)
                response[HEADER] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            if key is not None and _storable(request, response):
                try:
                    cache.set(key, (response.content, response["Content-Type"]), _seconds())
                except errors as exc:
                    logger.warning("page not cached: %s", exc)
            response[HEADER] = "miss"
            return response

        return wrapper

    return decorator
