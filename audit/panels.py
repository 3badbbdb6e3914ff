"""The history panels of a person's card and a group's card (registered through mentoring.home_panels)."""

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from .selectors import group_history, person_history

READERS = (Role.DIRECTOR, Role.METHODICAL_COUNCIL, Role.CURATOR)


def person_card_history(request, year, obj=None):
    if obj is None or not user_has_role(request.user, *READERS):
        return None  # mentors and mentees see nothing of the trail
    return {"lines": person_history(obj), "journal_query": f"person={obj.pk}"}


def group_card_history(request, year, obj=None):
    if obj is None or not user_has_role(request.user, *READERS):
        return None
    return {"lines": group_history(obj), "journal_query": ""}
