"""The monitoring read models cached by data version: the indicators, the key figures and the charts.

The version key follows the public pages' idea (reports.public.services.cache_version): every write to the data the
indicators read bumps it after commit (receivers below), a cache that cannot be reached is logged and the figures
are computed without it, and readers build their keys from the version, so nothing is ever served stale by time
alone. The key also carries the reference day and today (figures move with the date) and the language (labels are
translated). Within one request the same figures are shared (the home panel and the dashboard, the table of years
and the year's own indicators) through a memo on the request.
"""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from ..public.services import CACHE_ERRORS, cache_version, cache_version_bump
from . import applicable, charts
from . import indicators as ind

logger = logging.getLogger(__name__)
VERSION_KEY = "monitoring:version"
TIMEOUT = 24 * 3600  # a backstop only: the version and the day in the key decide freshness


def _key(version: str, name: str, scope: ind.Scope | None) -> str:
    if scope is None:  # not about one scope (the list of years)
        return f"monitoring:{version}:{name}:{get_language()}"
    return (
        f"monitoring:{version}:{name}:{scope.year.pk}:{scope.category}:{scope.form}:{scope.day:%Y%m%d}:"
        f"{scope.today:%Y%m%d}:{get_language()}"
    )


def version(request=None) -> str | None:
    """The current data version (None when the cache is unreachable), read once per request."""
    memo = getattr(request, "_monitoring_memo", None) if request is not None else None
    if request is not None and memo is None:
        memo = request._monitoring_memo = {}
    if memo is not None and "version" in memo:
        return memo["version"]
    value = cache_version(VERSION_KEY)
    if memo is not None:
        memo["version"] = value
    return value


def _cached(name: str, scope: ind.Scope | None, compute, request=None):
    """The value of `compute()` for this scope: from the request's memo, the cache, or computed (and stored)."""
    current = version(request)  # also creates the request's memo
    memo = getattr(request, "_monitoring_memo", None)
    memo_key = _key("request", name, scope)
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    value = None
    if current is not None:
        try:
            value = cache.get(_key(current, name, scope))
        except CACHE_ERRORS as exc:
            logger.warning("monitoring cache unreachable: %s", exc)
            current = None
    if value is None:
        value = compute()
        if current is not None:
            try:
                cache.set(_key(current, name, scope), value, TIMEOUT)
            except CACHE_ERRORS as exc:
                logger.warning("monitoring figures not cached: %s", exc)
    if memo is not None:
        memo[memo_key] = value
    return value


def years(request=None) -> list:
    """Every academic year, newest first (the dashboard's filter, default year and table of years)."""
    return _cached("years", None, lambda: list(ind.AcademicYear.objects.order_by("-start_date")), request)


def year_indicators(scope: ind.Scope, request=None) -> dict:
    """The year's indicators that apply to the kind of organisation (applicable.py)."""
    return applicable.year_data(_cached("indicators", scope, lambda: ind.year_indicators(scope), request))


def key_figures(scope: ind.Scope, request=None) -> dict:
    return applicable.key_figures(_cached("key", scope, lambda: ind.key_figures(scope), request))


def years_compared(*, category: str = "", form: str = "", limit: int = 3, years=None, request=None) -> list[dict]:
    """The key figures of the last `limit` years, newest first, each from the cache when it holds them (`years`:
    every year, newest first, when the caller has read them)."""
    if years is None:
        years = ind.AcademicYear.objects.order_by("-start_date")
    return [key_figures(ind.make_scope(y, category=category, form=form), request) for y in years[:limit]]


def fragment(name: str, scope: ind.Scope, render, request=None) -> str:
    """A fragment of HTML drawn from the figures alone (`render()`), kept per data version like the figures."""
    return _cached(f"html-{name}", scope, render, request)


def all_charts(scope: ind.Scope, data: dict | None = None, *, request=None) -> dict:
    """The seven chart SVGs of the scope with their text as text (the PDF), drawn once per data version."""

    def draw():
        return charts.all_charts(data if data is not None else year_indicators(scope, request))

    return _cached("charts-text", scope, draw, request)


def chart(scope: ind.Scope, code: str, request=None) -> str:
    """One chart of the dashboard, its text drawn as paths (an image cannot load the page's fonts), drawn once per
    data version and served by URL (`chart_tag`), so the page itself carries no SVG."""

    def draw():
        return charts.one_chart(code, year_indicators(scope, request))

    return _cached(f"chart-paths-{code}", scope, draw, request)


def chart_tag(scope: ind.Scope, request=None) -> str:
    """What a chart's URL carries so a browser may keep the image: the data version and the day (the figures move
    with the date); empty when the cache is unreachable (then nothing is kept)."""
    current = version(request)
    return f"{current}-{scope.today:%Y%m%d}" if current is not None else ""


def bump() -> None:
    """Every cached figure and chart becomes stale (never raises)."""
    cache_version_bump(VERSION_KEY)


def _bump_on_commit(sender, **kwargs):
    from django.db import transaction

    transaction.on_commit(bump)  # readers never cache figures of data that rolls back


def connect() -> None:
    """Bump on every write to what the indicators read. Bulk writes that send no signals call `bump()` themselves."""
    from mentoring.models import (
        AcademicYear,
        Answer,
        Consent,
        Contingent,
        GroupMembership,
        MenteeProfile,
        MentoringGroup,
        Organisation,
        Person,
        Question,
        Questionnaire,
        Response,
    )
    from mentoring.signals import data_imported
    from programmes.models import FeedbackRequest, Meeting

    from ..models import AnnualReport

    data_imported.connect(lambda **kwargs: bump(), weak=False, dispatch_uid="monitoring-cache-import")
    for model in (
        AcademicYear,
        AnnualReport,  # the dashboard says whether the conclusions are written
        Answer,
        Consent,
        Contingent,
        GroupMembership,
        MenteeProfile,
        MentoringGroup,
        Organisation,  # its kind decides which indicators apply (applicable.py)
        Person,
        Question,
        Questionnaire,
        Response,
        FeedbackRequest,
        Meeting,
    ):
        post_save.connect(_bump_on_commit, sender=model, dispatch_uid=f"monitoring-cache-{model._meta.label}")
        post_delete.connect(_bump_on_commit, sender=model, dispatch_uid=f"monitoring-cache-del-{model._meta.label}")
