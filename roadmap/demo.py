"""The demo school's roadmap: the standard template with realistic progress as of today.

Past items are done on their deadline, except the latest one, which stays overdue so the reminders and the
highlight have something to show; items under way are in progress. Items completed by an order (order_type) are
left to the orders demo: approving the order completes them through roadmap_items_complete_for_order.
"""

import datetime

from mentoring.models import User

from .models import RoadmapItem
from .services import roadmap_create_from_template


def build(demo, today: datetime.date | None = None) -> None:
    today = today or datetime.date.today()
    roadmap_create_from_template(year=demo.year)
    items = RoadmapItem.objects.filter(stage__year=demo.year, order_type="").order_by("period_end", "pk")
    past = [item for item in items if item.period_end < today]
    left_overdue = past[-1] if past else None
    for item in items:
        if item.period_end < today and item != left_overdue:
            item.status, item.done_on = RoadmapItem.Status.DONE, item.period_end
        elif (item.period_start or item.period_end) <= today or item == left_overdue:
            item.status = RoadmapItem.Status.IN_PROGRESS
        else:
            continue
        item.save(update_fields=["status", "done_on"])
    # A named responsible person next to the role: the methodical council's member prepares the memos.
    methodist = User.objects.filter(username=demo.logins.get("methodical_council", "")).select_related("person").first()
    if methodist is not None and getattr(methodist, "person", None) is not None:
        RoadmapItem.objects.filter(stage__year=demo.year, responsible_role="methodical_council").update(
            responsible_person=methodist.person
        )
