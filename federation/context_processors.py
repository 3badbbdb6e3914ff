"""`is_hub` for the navigation: the office's menu on a hub, the school's menus elsewhere.

Read lazily (only a page that draws the menu asks) and kept in the cache, dropped when the organisation is saved
(federation.apps), so a page costs no query for it once the cache is warm; an unreachable cache costs one query.
"""

import logging

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from reports.public.services import CACHE_ERRORS

from .installation import is_hub

logger = logging.getLogger(__name__)
CACHE_KEY = "federation:is-hub"


def cached_is_hub() -> bool:
    try:
        value = cache.get(CACHE_KEY)
    except CACHE_ERRORS as exc:
        logger.warning("installation kind not cached: %s", exc)
        return is_hub()
    if value is None:
        value = is_hub()
        try:
            cache.set(CACHE_KEY, value, 3600)
        except CACHE_ERRORS as exc:
            logger.warning("installation kind not cached: %s", exc)
    return value


def forget_installation_kind(**kwargs) -> None:
    try:
        cache.delete(CACHE_KEY)
    except CACHE_ERRORS as exc:
        logger.warning("installation kind not forgotten: %s", exc)


def installation(request):
    return {"is_hub": SimpleLazyObject(cached_is_hub)}
