"""Home-page panels of the roadmap (registered in RoadmapConfig.ready)."""

from django.utils import timezone

from .models import RoadmapItem
from .selectors import attention_items, items_for_user, with_overdue

PANEL_LIMIT = 8


def due_items_context(request, year):
    """Curator's home: items overdue or due within 7 days."""
    if year is None or not year.roadmap_stages.exists():
        return None
    items = list(attention_items(year)[: PANEL_LIMIT + 1])
    more = attention_items(year).count() - PANEL_LIMIT if len(items) > PANEL_LIMIT else 0
    return {"items": items[:PANEL_LIMIT], "more": more}


def my_items_context(request, year):
    """Any home: the user's open items, earliest first; hidden when there are none."""
    if year is None:
        return None
    open_items = items_for_user(request.user, year).exclude(status=RoadmapItem.Status.DONE)
    items = list(with_overdue(open_items, timezone.localdate())[:PANEL_LIMIT])
    return {"items": items} if items else None
