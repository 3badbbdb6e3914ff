"""Charts of the roll-up, drawn by the monitoring charts' engine and cached by the latest package of the year.

A new accepted package (a new id) or a changed target makes a new key, so a chart is never stale; the cache being
unreachable only costs a redraw (logged, never raised).
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mentoring.russian import ru_percent
from reports.monitoring.charts import PERCENT_AXIS, bar_chart, data_uri
from reports.monitoring.indicators import FEDERAL_TARGET_PERCENT
from reports.public.services import CACHE_ERRORS

logger = logging.getLogger(__name__)
TIMEOUT = 24 * 3600


def _draw(data: dict) -> dict[str, str]:
    shares = [i for i in data["indicators"] if i.is_share]
    if not shares:
        return {}
    municipal = bar_chart(
        _("Shares across the municipality, %"),
        [i.label for i in shares],
        [(_("municipality, %"), [float(i.total.percent or 0) for i in shares])],
        horizontal=True,
        value_format=ru_percent,
        xmax=PERCENT_AXIS,
        integer=False,
        target=FEDERAL_TARGET_PERCENT,
        target_label=_("federal target %(n)s") % {"n": ru_percent(FEDERAL_TARGET_PERCENT)},
        text_as_paths=True,
    )
    with_target = [i for i in shares if i.target is not None]
    charts = {"municipal": municipal}
    if with_target:
        sent = [
            sum(1 for r in data["rows"] if r.cells[data["indicators"].index(i)].percent is not None)
            for i in with_target
        ]
        charts["targets"] = bar_chart(
            _("Schools reaching the target and below it"),
            [i.label for i in with_target],
            [
                (_("reach the target"), [n - i.below_count for n, i in zip(sent, with_target, strict=True)]),
                (_("below the target"), [i.below_count for i in with_target]),
            ],
            horizontal=True,
            text_as_paths=True,
        )
    return {code: data_uri(svg) for code, svg in charts.items()}


def rollup_charts(academic_year: str, data: dict) -> dict[str, str]:
    """{name: data URI} of the roll-up's charts; keyed by the year, the latest package id and the targets."""
    targets = ",".join(f"{code}={value}" for code, value in sorted(data["targets"].items()))
    digest = hashlib.sha1(targets.encode(), usedforsecurity=False).hexdigest()[:12]
    key = f"federation:rollup-charts:{academic_year}:{data['latest_package']}:{digest}:{get_language()}"
    try:
        cached = cache.get(key)
    except CACHE_ERRORS as exc:
        logger.warning("roll-up charts cache unreachable: %s", exc)
        return _draw(data)
    if cached is not None:
        return cached
    charts = _draw(data)
    try:
        cache.set(key, charts, TIMEOUT)
    except CACHE_ERRORS as exc:
        logger.warning("roll-up charts not cached: %s", exc)
    return charts
