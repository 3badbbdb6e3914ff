"""Per-page cache of the public section, keyed by the publication version (reports.public.services)."""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from .services import CACHE_ERRORS, public_cache_version

logger = logging.getLogger(__name__)

# A backstop: consents also expire by date (the key carries the day), and publishing bumps the version.
PUBLIC_CACHE_SECONDS = getattr(settings, "PUBLIC_CACHE_SECONDS", 600)
CACHED_QUERY_PARAMS = ("page",)


def cache_key(request) -> str | None:
    """The page's key under the current version; None when the cache is unreachable."""
    version = public_cache_version()
    if version is None:
        return None
    params = "&".join(f"{p}={request.GET.get(p, '')}" for p in CACHED_QUERY_PARAMS if p in request.GET)
    path = hashlib.sha256(f"{request.path}?{params}".encode()).hexdigest()[:32]
    return f"public:page:{version}:{timezone.localdate():%Y%m%d}:{path}"


def public_page(view):
    """Serve a public GET from the cache; store successful responses. Pages are the same for every visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = cache_key(request)
        if key is None:
            return view(request, *args, **kwargs)  # the cache is down: the page is computed, not refused
        try:
            hit = cache.get(key)
        except CACHE_ERRORS as exc:
            logger.warning("public cache unreachable: %s", exc)
            return view(request, *args, **kwargs)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
            response.render()
        if response.status_code == 200 and not response.streaming:
            try:
                cache.set(key, (response.content, response["Content-Type"]), PUBLIC_CACHE_SECONDS)
            except CACHE_ERRORS as exc:
                logger.warning("public page not cached: %s", exc)
        return response

    return wrapper
