"""The demo school's orders: the approved organisation and pairing orders, and one awaiting the director.

The demo's approved groups were approved by mentoring.demo directly, so the pairing order over them is recorded
as issued on that day (numbered, frozen, with its PDF) without approving the groups a second time.
"""

import datetime

from mentoring.choices import GroupStatus
from mentoring.models import MentoringGroup, User
from mentoring.selectors import organisation

from .models import Order, OrderEvent, OrderType
from .selectors import order_annex_data
from .services import order_approve, order_create, order_submit
from .services.orders import _log, _register_and_freeze, _standard_text


def build(demo) -> None:
    year = demo.year
    curator = User.objects.get(username="curator")
    director = User.objects.get(username="director")

    founding = order_create(year=year, order_type=OrderType.ORGANISATION, created_by=curator, appointee=demo.curator)
    order_approve(
        order=order_submit(order=founding, user=curator), user=director, on=year.start_date + datetime.timedelta(days=3)
    )

    approved_on = MentoringGroup.objects.filter(year=year, approved_on__isnull=False).order_by("approved_on")
    approved_groups = list(approved_on)
    if approved_groups:
        day = approved_groups[0].approved_on
        text = _standard_text(OrderType.PAIRING, year=year, appointee=None, groups=approved_groups, event_date=None)
        pairing = Order.objects.create(
            year=year,
            order_type=OrderType.PAIRING,
            title=text["title"],
            preamble=text["preamble"],
            body="\n".join(text["items"]),
            created_by=curator,
        )
        pairing.groups.set(approved_groups)
        _log(pairing, OrderEvent.Action.CREATED, curator)
        pairing.annex_data = order_annex_data(pairing, on=day)
        _register_and_freeze(pairing, on=day, org=organisation())
        _log(pairing, OrderEvent.Action.APPROVED, director)

    proposed = list(MentoringGroup.objects.filter(year=year, status=GroupStatus.PROPOSED).order_by("pk")[:3])
    if proposed:
        waiting = order_create(year=year, order_type=OrderType.PAIRING, created_by=curator, groups=proposed)
        order_submit(order=waiting, user=curator)
