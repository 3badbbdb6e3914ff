"""Home-page panels (mentoring.home_panels) and the receiver for withdrawn consent."""

from django.utils import timezone

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from . import selectors, services

PANEL_LIMIT = 10


def member_panel(request, year):
    """The mentor's and mentee's first screen: groups, programme progress, next meeting, forms to fill."""
    if not user_has_role(request.user, Role.MENTOR, Role.MENTEE):
        return None
    overview = selectors.member_overview(getattr(request.user, "person", None))
    return {"overview": overview}


def inactive_panel(request, year):
    today = timezone.localdate()
    groups = list(selectors.inactive_groups(today=today, year=year)[: PANEL_LIMIT + 1])
    return {"groups": groups[:PANEL_LIMIT], "more": len(groups) > PANEL_LIMIT, "today": today}


def overdue_panel(request, year):
    today = timezone.localdate()
    forms = list(selectors.overdue_feedback(today=today, year=year)[: PANEL_LIMIT + 1])
    return {
        "forms": forms[:PANEL_LIMIT],
        "more": len(forms) > PANEL_LIMIT,
        "counts": selectors.feedback_counts(today=today, year=year),
        "today": today,
    }


def on_person_anonymised(sender, person, **kwargs):
    services.person_scrub(person=person)
