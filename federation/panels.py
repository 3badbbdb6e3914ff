"""The school curator's dashboard panel: the municipality's base of practices, when the office has sent cases."""

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from .models import HubCase


def base_panel(request, year):
    if not user_has_role(request.user, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.DIRECTOR):
        return None
    count = HubCase.objects.count()
    return {"count": count} if count else None
