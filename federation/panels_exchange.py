"""What the office sent back, on the school's pages: its decision on the roadmap (the roadmap page and the curator's
dashboard) and its information letters (the dashboard). Nothing on a hub, nothing before the first exchange."""

from mentoring.choices import Role
from mentoring.permissions import STAFF_ROLES, user_has_role

from .models import HubDecision, HubLetter

LETTERS_SHOWN = 5


def decision_panel(request, year):
    if year is None or not user_has_role(request.user, *STAFF_ROLES):
        return None
    decision = HubDecision.objects.filter(academic_year=year.title).first()
    return {"decision": decision} if decision else None


def letters_panel(request, year):
    if not user_has_role(request.user, Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL):
        return None
    letters = list(HubLetter.objects.order_by("-published_at", "-pk")[:LETTERS_SHOWN])
    decision = HubDecision.objects.filter(academic_year=year.title).first() if year else None
    return {"letters": letters, "decision": decision} if letters or decision else None
